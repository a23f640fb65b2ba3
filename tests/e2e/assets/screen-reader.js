/* Entry point of the browser bundle the screen-reader tests inject into pages (`make install` builds it with
 * esbuild into tests/e2e/assets/build/): the Virtual Screen Reader as the global `skillpathScreenReader`. */
import { Virtual } from "@guidepup/virtual-screen-reader";

/* The reader names elements with dom-accessibility-api, which looks up aria-labelledby/-describedby ids on
 * `node.getRootNode()`: for an element an htmx swap has just detached, that root is the element itself, which has
 * no getElementById, and the reader's handler throws (dom-accessibility-api issue 1026), losing what it was about
 * to say. Give detached subtrees the lookup a document has, in the test page only. */
if (!Element.prototype.getElementById) {
  Element.prototype.getElementById = function (id) { return this.querySelector("#" + CSS.escape(id)); };
}

window.skillpathScreenReader = new Virtual();
