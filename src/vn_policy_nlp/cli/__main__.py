"""`python -m vn_policy_nlp.cli ...`, as the `vn-policy-nlp` script."""

from . import main

main()
