/** The Secretariat's comment rounds page, for the router (`#/documents/<id>/rounds[/<roundId>]`). */
export { RoundsPage } from "./RoundsPage.js";
