"""Every report in one headless Chromium session: each page must reach data-status="ok" (its
scripts ran and every chart loaded), log no error to the console, and render to a PNG.

One browser for all the pages: launching Chromium twice per page (a DOM dump, then a screenshot)
took most of this check's time.
Usage: report_check.py SCREENSHOT_FOLDER REPORT.html...
"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

shots, reports = sys.argv[1], sys.argv[2:]
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
             "--window-size=1400,2400", "--allow-file-access-from-files"]:
    options.add_argument(flag)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
failures = []
try:
    for report in reports:
        path = os.path.abspath(report)
        driver.get("file://" + path)
        status = None
        try:
            WebDriverWait(driver, 30).until(
                lambda d: d.execute_script("return document.body && document.body.getAttribute('data-status')") in ("ok", "error"))
            status = driver.execute_script("return document.body.getAttribute('data-status')")
        except Exception as e:
            failures.append(f"{report}: the page never finished loading ({type(e).__name__})")
            continue
        errors = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        if status != "ok":
            failures.append(f"{report}: the page reports data-status=\"{status}\"")
        if errors:
            failures.append(f"{report}: errors in the console: " + " | ".join(errors)[:400])
        name = os.path.basename(os.path.dirname(path)) + "-" + os.path.splitext(os.path.basename(path))[0] + ".png"
        png = os.path.join(shots, name)
        driver.save_screenshot(png)
        if not os.path.exists(png) or os.path.getsize(png) == 0:
            failures.append(f"{report}: no screenshot")
        if status == "ok" and not errors:
            print(f"report: {report} renders without errors ({png})")
finally:
    driver.quit()
for f in failures:
    print("report: " + f, file=sys.stderr)
failed = len({f.split(": ")[0] for f in failures})
print(f"report: {len(reports) - failed} passed, {failed} failed")
sys.exit(1 if failures else 0)
