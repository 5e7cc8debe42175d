"""One module per field of a target record, each a function of the candidate's context.

    comparator   eq, gt, gte, lt, lte, approx, range: the words around the value
    direction    increase / decrease: the verb of change before the value
    indicator    what is measured
    deadline     the time that governs the figure
    place        where it applies
    span         the clause from the cue or indicator to the value
"""
