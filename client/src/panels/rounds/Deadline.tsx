import { browserZone, countdownText, deadlineTexts } from "./round-model.js";

/**
 * A deadline as people read it: in the round's zone, in the person's own zone when it differs, and a
 * countdown on the server's clock. The countdown itself is not announced every second (aria-live off);
 * the panels announce what changes.
 */
export function Deadline({ deadline, timeZone, now, label = "Deadline" }: { deadline: string; timeZone: string; now: Date; label?: string }) {
  const texts = deadlineTexts(deadline, timeZone, browserZone());
  const passed = now.getTime() >= Date.parse(deadline);
  return (
    <dl class="round-deadline">
      <dt>{label}</dt>
      <dd><time dateTime={deadline} data-testid="round-deadline">{texts.round}</time></dd>
      {texts.own && <><dt>Your time</dt><dd data-testid="round-deadline-own">{texts.own}</dd></>}
      <dt>{passed ? "Passed" : "Time left"}</dt>
      <dd class={passed ? "countdown is-passed" : "countdown"} aria-live="off" data-testid="round-countdown">{countdownText(deadline, now)}</dd>
    </dl>
  );
}
