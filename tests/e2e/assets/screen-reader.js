/* Entry point of the browser bundle the screen-reader tests inject into pages (`make install` builds it with
 * esbuild into tests/e2e/assets/build/): the Virtual Screen Reader as the global `skillpathScreenReader`. */
import { Virtual } from "@guidepup/virtual-screen-reader";

window.skillpathScreenReader = new Virtual();
