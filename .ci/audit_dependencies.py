"""`make audit`'s dependency step: pip-audit over the installed environment, judged here so that an
audit that could not be made never passes as a clean one.

- A known vulnerability fails (exit 1), unless its id is in IGNORED with the reason.
- A dependency pip-audit could not look up (the vulnerability service unreachable: pip-audit then
  reports every package as "not found" and exits 0) fails too (exit 2), unless
  ERKEND_AUDIT_UNREACHABLE=warn: then it says NOT AUDITED on stderr and in .bench/pip-audit.json
  (status "not-audited") and exits 0. `make audit` sets warn unless told otherwise, because the
  project's machines (developers' and CI's) reach the package index but not the vulnerability data;
  where the audit must gate, ERKEND_AUDIT_UNREACHABLE=fail.
"""
from __future__ import annotations

import json
import os
import subprocess  # nosec B404  # runs pip-audit from this environment, never a shell
import sys
from pathlib import Path

# vulnerability id -> why it does not apply to erkend (none at the time of writing)
IGNORED: dict[str, str] = {}
REPORT = Path(".bench/pip-audit.json")


def main() -> int:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [str(pip_audit), "--format", "json", "--progress-spinner", "off", "--skip-editable"]
    for vuln_id in IGNORED:
        command += ["--ignore-vuln", vuln_id]
    run = subprocess.run(command, capture_output=True, text=True, check=False)  # nosec B603
    try:
        dependencies = json.loads(run.stdout)["dependencies"]
    except (json.JSONDecodeError, KeyError):
        return _unaudited(f"pip-audit gave no report (exit {run.returncode}): {run.stderr.strip()[-300:]}", [])
    vulnerable = [(d["name"], d["version"], v["id"], ", ".join(v.get("fix_versions", [])) or "no fix yet")
                  for d in dependencies for v in d.get("vulns", [])]
    skipped = [d["name"] for d in dependencies if "skip_reason" in d]
    audited = len(dependencies) - len(skipped)
    _write({"status": "vulnerable" if vulnerable else ("not-audited" if skipped else "clean"),
            "audited": audited, "not_audited": skipped, "vulnerabilities": vulnerable, "ignored": IGNORED})
    for name, version, vuln_id, fix in vulnerable:
        print(f"VULNERABLE: {name} {version}: {vuln_id} (fixed in {fix})", file=sys.stderr)
    if vulnerable:
        return 1
    if skipped:
        return _unaudited(f"{len(skipped)} of {len(dependencies)} dependencies could not be looked up "
                          f"(first: {skipped[0]}); the vulnerability service is unreachable", skipped)
    print(f"pip-audit: {audited} dependencies, no known vulnerabilities")
    return 0


def _unaudited(reason: str, skipped: list[str]) -> int:
    _write({"status": "not-audited", "reason": reason, "not_audited": skipped})
    print(f"NOT AUDITED: {reason}", file=sys.stderr)
    if os.environ.get("ERKEND_AUDIT_UNREACHABLE") == "warn":
        print("ERKEND_AUDIT_UNREACHABLE=warn: going on without a dependency audit", file=sys.stderr)
        return 0
    return 2


def _write(report: dict[str, object]) -> None:
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    sys.exit(main())
