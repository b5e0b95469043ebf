import Foundation
import MaillageFuzzing

#if FUZZING
/// libFuzzer's driver: it parses its own options from the command line and calls the callback
/// for every input it tries.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The executable's entry point under `-sanitize=fuzzer -DFUZZING` (scripts/fuzz.sh): SwiftPM
/// names an executable target's main `<module>_main`; this one hands control to libFuzzer.
@_cdecl("MaillageFuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { bytes, size in
        FuzzHarness.run(bytes.map { Data(bytes: $0, count: size) } ?? Data())
        return 0
    }
}
#else
/// Without libFuzzer, `maillage-fuzz FILE...` replays corpus files through the harness, to
/// reproduce a finding.
@main
struct FuzzReplay {
    static func main() {
        var accepted = 0
        let files = CommandLine.arguments.dropFirst()
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("maillage-fuzz: cannot read \(file)\n".utf8))
                exit(2)
            }
            if FuzzHarness.run(data) { accepted += 1 }
        }
        print("\(files.count) inputs, \(accepted) accepted, no crash")
    }
}
#endif
