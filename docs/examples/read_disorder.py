"""Read one disorder document of the Myoclonus Ontology: its treatments, qualified as the source qualifies them.

    python docs/examples/read_disorder.py build/json/myoclonus.json

Plain JSON, no library: every key is a word, a value that may repeat is always an array, and each claim
carries the verbatim words of the NINDS page that state it, with their character offsets.
"""

import json
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "build/json/myoclonus.json"
with open(path, encoding="utf-8") as file:
    disorder = json.load(file)

print(f"{disorder['label']} ({disorder['id']}): {disorder['definition']}")
for claim in disorder["treatmentStatements"]:
    qualifiers = [claim["hasModality"]["label"]]  # "asserted", or "possible" where the source says "may"
    if "hasTreatmentRank" in claim:
        qualifiers.append(claim["hasTreatmentRank"]["label"])
    if claim.get("usableAlone"):
        qualifiers.append("alone")
    qualifiers += [f"with {other['label']}" for other in claim.get("combinableWith", [])]
    qualifiers += [f"when {condition['label']} is present" for condition in claim.get("applicableWhenPresent", [])]
    print(f"- {claim['reportsTreatment']['label']} [{'; '.join(qualifiers)}]")
    page = claim["source"][0]
    print(f"  \"{claim['sourceQuote']}\" ({page}, characters {claim['quoteStart']}-{claim['quoteEnd']})")
