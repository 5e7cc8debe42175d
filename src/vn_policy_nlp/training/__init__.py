"""Training and evaluation: everything that needs the gold sets, kept apart from running.

Nothing under `vn_policy_nlp` imports this package at run time; it imports the
stages, reads gold files and writes models.

    data        the shared gold sets and our own labelled data, located and loaded
    folds       document-level cross-validation folds
    evaluate    run the pipeline over gold documents and score them with the shared scorer
    legal       which passes of the legal finder earn their place (`python -m vn_policy_nlp.training.legal`)

One module per trained or chosen dimension, each with a `main()` that prints its
cross-validation over the documents of train + dev (the targets and entities
stages add `targets` and `entities` here).
"""
