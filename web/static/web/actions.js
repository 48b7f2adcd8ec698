// The receipt's print button (a script file: the CSP allows no inline script).
document.getElementById("print-receipt")?.addEventListener("click", () => window.print());
