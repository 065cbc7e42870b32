// Optional: a button that prints the slip. Pages work without it (Ctrl+P prints too).
"use strict";
const button = document.getElementById("imprimer");
if (button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
