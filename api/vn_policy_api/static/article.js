// Scroll the evidence sentence into view.
"use strict";
const mark = document.getElementById("evidence");
if (mark) mark.scrollIntoView({ block: "center" });
