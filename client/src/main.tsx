import { render } from "preact";
import { ConcordApi } from "./api/concord.js";
import { App } from "./views/App.js";
import "prosemirror-view/style/prosemirror.css";
import "./styles/app.css";

render(<App api={new ConcordApi()} />, document.getElementById("app")!);
