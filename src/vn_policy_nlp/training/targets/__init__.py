"""Training the targets stage's models from gold documents.

    readings   gold documents read by the pipeline, candidates aligned with gold records
    fit        one fitting function per model (kind, indicator, deadline, place)
    crossval   k-fold cross-validation over documents, the same table as score.py
    command    `vn-policy-nlp train targets`
"""
