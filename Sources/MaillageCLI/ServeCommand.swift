import ArgumentParser
import Foundation
import MaillageFoundation
import MaillageServer
import MaillageWorkflows

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Starts the web application: a page to try budgets on a territory, and its JSON API (/api/v1).",
        discussion: """
            Open http://127.0.0.1:8080 (or the --port given). Tries are kept in <data>/maillage-serve.sqlite and answered \
            from there when asked again. Bound to an address other than loopback, the server requires --token and checks it \
            on every API call. Stops cleanly on SIGTERM or Ctrl-C.
            """
    )

    @Option(help: "The address to listen on; loopback unless a --token is given.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(help: ArgumentHelp("A folder for the results store and for scenario files offered as territories.", valueName: "dir"))
    var data = "Output/serve"

    @Option(help: ArgumentHelp("The bearer token API calls must carry (required beyond loopback).", valueName: "token"))
    var token: String?

    @Option(help: ArgumentHelp("Simulations run at once; each uses the machine's cores shared out among them (one at a time answers a try fastest).",
                               valueName: "n"))
    var jobs = 1

    @Option(help: ArgumentHelp("Requests that may wait for a simulation; beyond, the API answers 503.", valueName: "n"))
    var queue = 8

    func validate() throws {
        if !(0...65_535).contains(port) { throw ValidationError("--port must be 0 to 65535, found \(port)") }
        if !(1...64).contains(jobs) { throw ValidationError("--jobs must be 1 to 64, found \(jobs)") }
        if !(0...1_000).contains(queue) { throw ValidationError("--queue must be 0 to 1000, found \(queue)") }
        if !ServerSettings.isLoopback(host) && (token ?? "").isEmpty {
            throw ValidationError("--host \(host) listens beyond this machine: give a --token that API calls must carry")
        }
        if let token, token.count < 16 { throw ValidationError("--token must be at least 16 characters, found \(token.count)") }
    }

    func run() async throws {
        try await reportingErrors {
            guard let scenarios = Catalog.shippedScenarios else {
                throw InputError(file: "Scenarios", message: "expected the shipped Scenarios folder beside the binary or in the working folder, found none")
            }
            do {
                try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            } catch {
                throw InputError(file: data, field: "--data", message: "expected a folder the server can write in, found one it cannot create: \(error.localizedDescription)")
            }
            let (catalog, warnings) = Catalog.load(scenarios: scenarios, data: data)
            for w in warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            let store: ResultStore
            do {
                store = try ResultStore(path: data + "/maillage-serve.sqlite")
            } catch {
                throw InputError(file: data + "/maillage-serve.sqlite", message: "expected a Maillage results database, found one that does not open: \(error)")
            }
            var settings = ServerSettings()
            settings.host = host
            settings.port = port
            settings.token = token
            settings.jobs = jobs
            settings.queueLimit = queue
            let cores = ProcessInfo.processInfo.activeProcessorCount
            // The page's plausible ranges draw from the shipped priors and posterior.
            var plausible: PlausibleSettings?
            do {
                plausible = try PlausibleSettings.load(priors: scenarios + "/priors.yaml", posterior: scenarios + "/calibration/posterior.csv",
                                                       design: .page, labels: (PlausibleSettings.shippedPriors, PlausibleSettings.shippedPosterior))
            } catch {
                FileHandle.standardError.write(Data("warning: the page gives no range over plausible worlds: \(error)\n".utf8))
            }
            let evaluator = Evaluator(catalog: catalog, threads: max(1, cores / jobs), plausible: plausible)
            let server = MaillageServer(settings: settings, evaluator: evaluator, store: store)
            let stored = (try? store.count()) ?? 0
            let app = server.application { port in
                // Written at once (not through print's buffer): scripts wait for the "open" line.
                FileHandle.standardOutput.write(Data("""
                    maillage serve: \(catalog.territories.count) territories, \(stored) tries stored in \(store.path)
                    open http://\(host.contains(":") ? "[\(host)]" : host):\(port)/ (Ctrl-C to stop)

                    """.utf8))
            }
            try await app.runService()
        }
    }
}
