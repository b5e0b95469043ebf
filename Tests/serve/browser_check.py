"""The official's try in a real browser: metropolitan territory, 300 k€ a year, half on coordination;
then an EPCI found by part of its name and tried.

Checks that the jobs added the page shows equal those `maillage run` gives on the scenario YAML the
page offers for download (same seed); that "find the best split" answers, and that applying its
split runs a try whose net jobs are the search's own value on those replications; that the page
logs no console error; and takes a screenshot.
Usage: browser_check.py URL MAILLAGE_BINARY WORK_FOLDER SCREENSHOT.png
"""
import csv
import json
import os
import subprocess
import sys
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

url, binary, work, screenshot = sys.argv[1:5]
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1800"]:
    options.add_argument(flag)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
failures = []
try:
    driver.get(url + "/")
    wait = WebDriverWait(driver, 60)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#territory option")) >= 3)
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    Select(driver.find_element(By.ID, "territory")).select_by_value("metro-lyon")
    # Choosing a territory asks the server to prepare it (POST /api/v1/prepare), before any try.
    try:
        wait.until(lambda d: (d.execute_script("return prepared;") or "").startswith("metro-lyon|"))
    except Exception:
        failures.append("choosing metro-lyon did not ask the server to prepare it")

    def move(element_id, value):
        # A slider moved as a hand would: its value set, then the input event the page listens to.
        driver.execute_script(
            "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
            "e.dispatchEvent(new Event('input', {bubbles: true}));", element_id, str(value))

    move("budget", 300000)
    move("share-coordination", 50)
    assert driver.find_element(By.ID, "budget-number").get_attribute("value") == "300000"
    assert driver.find_element(By.ID, "share-coordination-number").get_attribute("value") == "50"
    driver.find_element(By.ID, "run").click()
    wait.until(lambda d: d.find_element(By.ID, "result").is_displayed()
               and d.find_element(By.ID, "result-jobs-net").get_attribute("data-value"))
    shown = float(driver.find_element(By.ID, "result-jobs-net").get_attribute("data-value"))
    text = driver.find_element(By.ID, "result-jobs-net").text
    href = driver.find_element(By.ID, "download-yaml").get_attribute("href")
    yaml = urllib.request.urlopen(href).read().decode()
    # Saved beside a Scenarios folder, as the file's own comment asks.
    folder = os.path.join(work, "official")
    os.makedirs(folder, exist_ok=True)
    scenarios = os.path.join(folder, "Scenarios")
    if not os.path.exists(scenarios):
        os.symlink(os.path.abspath("Scenarios"), scenarios)
    with open(os.path.join(folder, "try.yaml"), "w") as f:
        f.write(yaml)
    # With the page's design for the range over plausible worlds (64 worlds of 5 replications).
    subprocess.run([binary, "run", os.path.join(folder, "try.yaml"), "--no-shapley", "--quiet", "--out", os.path.join(folder, "run"),
                    "--plausible-draws", "64", "--plausible-replications", "5"], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(folder, "run", "summary.json")) as f:
        summary = {m["metric"]: m for m in json.load(f)["metrics"]}
    ran = summary["jobs_added_net"]["mean"]
    if abs(ran - shown) > 1e-9 * max(1.0, abs(ran)):
        failures.append(f"the page shows {shown} net jobs added, `maillage run` on its YAML gives {ran}")
    # Against the territory's status quo too: the net jobs it adds to the cooperation already there.
    quo = driver.find_elements(By.ID, "result-jobs-net-quo")
    if not quo or "statu quo" not in quo[0].text or not quo[0].get_attribute("data-value"):
        failures.append("the page does not show the net jobs added against the status quo")
    elif float(quo[0].get_attribute("data-value")) >= shown:
        failures.append(f"against the status quo the page shows {quo[0].text}, not less than against no cooperation ({shown})")
    if "Statu quo" not in driver.find_element(By.ID, "status-quo").text:
        failures.append("the page does not say what the status quo is")
    if "300000" not in yaml or "coordination: 0.5" not in yaml:
        failures.append("the downloaded YAML does not hold the budget and split chosen:\n" + yaml)
    print(f"browser: 300 k€, half on coordination, on metro-lyon: the page shows {text} net jobs added ({shown:.3f}); "
          f"`maillage run` on the downloaded YAML: {ran:.3f}")
    # Then, progressively, the range over plausible worlds: the same as `maillage run` gives with the same design.
    WebDriverWait(driver, 180).until(lambda d: d.find_elements(By.ID, "result-jobs-net-plausible"))
    tile = driver.find_element(By.ID, "result-jobs-net-plausible")
    low, high = float(tile.get_attribute("data-low")), float(tile.get_attribute("data-high"))
    with open(os.path.join(folder, "run", "plausible.csv")) as f:
        rows = {r["metric"]: r for r in csv.DictReader(f)}
    cli = rows["jobs_added_net"]
    for name, page, ran in [("2.5%", low, float(cli["plausible_p025"])), ("97.5%", high, float(cli["plausible_p975"]))]:
        if abs(page - ran) > 1e-9 * max(1.0, abs(ran)):
            failures.append(f"the page's plausible {name} bound of net jobs is {page}, `maillage run` gives {ran}")
    french = tile.text
    if "Mondes plausibles" not in french:
        failures.append(f"the plausible range is not said in French: {french!r}")
    verdict = driver.find_element(By.ID, "plausible-verdict")
    holds = low <= 0 <= high
    if verdict.get_attribute("data-holds-zero") != str(holds).lower() or (holds and "ne peut pas dire" not in verdict.text):
        failures.append(f"the verdict does not match the range [{low}, {high}]: {verdict.text!r}")
    driver.find_element(By.ID, "lang-en").click()
    wait.until(lambda d: d.find_element(By.ID, "run").text == "Run the simulation")
    english = driver.find_element(By.ID, "result-jobs-net-plausible").text
    verdict_en = driver.find_element(By.ID, "plausible-verdict").text
    if "Plausible worlds" not in english or (holds and "cannot tell" not in verdict_en) or (not holds and "plausible worlds" not in verdict_en):
        failures.append(f"the plausible range is not said in English: {english!r}, {verdict_en!r}")
    print(f"browser: over {rows['jobs_added_net']['draws']} plausible worlds the page shows {french!r} ({low:.1f} to {high:.1f}), "
          f"as `maillage run` gives; verdict: {verdict_en!r}")
    driver.find_element(By.ID, "lang-fr").click()
    wait.until(lambda d: d.find_element(By.ID, "run").text == "Lancer la simulation")
    # The English switch translates the page.
    driver.find_element(By.ID, "lang-en").click()
    wait.until(lambda d: d.find_element(By.ID, "run").text == "Run the simulation")
    driver.find_element(By.ID, "lang-fr").click()
    wait.until(lambda d: d.find_element(By.ID, "run").text == "Lancer la simulation")
    # The best split of the same budget (30 replications to keep CI short), then applied as a try.
    driver.find_element(By.CSS_SELECTOR, "details summary").click()  # the simulation settings
    replications = driver.find_element(By.ID, "replications")
    replications.clear()
    replications.send_keys("30")
    driver.find_element(By.ID, "optimise").click()
    wait.until(lambda d: d.find_element(By.ID, "optimum").is_displayed())
    best = driver.find_element(By.ID, "optimum-best").text
    optimum = driver.execute_script("return optimum;")
    searched = optimum["best"]["searched"]["mean"]
    driver.find_element(By.ID, "apply").click()
    wait.until(lambda d: d.find_element(By.ID, "result-caption").text.find("30 réplications") >= 0
               and d.find_element(By.ID, "result-jobs-net").get_attribute("data-value"))
    applied = float(driver.find_element(By.ID, "result-jobs-net").get_attribute("data-value"))
    if abs(applied - searched) > 1e-9 * max(1.0, abs(searched)):
        failures.append(f"the best split applied shows {applied} net jobs added, the search found {searched} on the same replications")
    print(f"browser: best split of 300 k€ on metro-lyon ({optimum['candidates_evaluated']} splits, {optimum['seconds']:.1f} s): {best}; "
          f"applied as a try: {applied:.3f} net jobs added, the search's value {searched:.3f}")
    # Any département or EPCI of France: part of an EPCI's name typed on the French page, the
    # EPCI picked among what the server finds, a try run on it, and its maps drawn.
    epci = "france/epci/200068120"
    wait.until(lambda d: d.find_element(By.ID, "territory-finder").is_displayed())
    driver.find_element(By.ID, "territory-search").send_keys("quimper bretag")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, f"#territory-found button[data-id='{epci}']"))
    pick = driver.find_element(By.CSS_SELECTOR, f"#territory-found button[data-id='{epci}']")
    picked = pick.text
    if "Quimper Bretagne Occidentale" not in picked or "habitants" not in picked:
        failures.append(f"the EPCI found is not labelled in French: {picked!r}")
    pick.click()
    if Select(driver.find_element(By.ID, "territory")).first_selected_option.get_attribute("value") != epci:
        failures.append("picking the EPCI found does not select it")
    driver.find_element(By.ID, "run").click()
    wait.until(lambda d: "Quimper" in d.find_element(By.ID, "result-caption").text
               and d.find_element(By.ID, "result-jobs-net").get_attribute("data-value"))
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#maps img")) == 2 and all(
        d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0;", img)
        for img in d.find_elements(By.CSS_SELECTOR, "#maps img")))
    bought = driver.find_element(By.ID, "bought").text
    if "_" in bought or "interconnaissance" not in bought:
        failures.append(f"what the money buys is not said in French words: {bought!r}")
    if "pas de statu quo" not in driver.find_element(By.ID, "status-quo").text:
        failures.append("the page does not say the EPCI has no status quo")
    epci_net = driver.find_element(By.ID, "result-jobs-net").text
    print(f"browser: 'quimper bretag' typed, {picked!r} picked and tried: {epci_net} net jobs added, its two maps drawn")
    driver.save_screenshot(screenshot)
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    if errors:
        failures.append("console errors: " + "; ".join(e.get("message", "") for e in errors))
finally:
    driver.quit()
if failures:
    print("browser: FAILED\n  " + "\n  ".join(failures), file=sys.stderr)
    sys.exit(1)
print("browser: passed, no console error")
