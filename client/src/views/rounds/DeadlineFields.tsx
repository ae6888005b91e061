/**
 * A deadline as the Secretariat states it: a date, and a time or "the end of the day" (24:00, the
 * usual deadline: "16 September 2020, 24:00"). Labelled fields in a fieldset; keyboard only is fine.
 */
export function DeadlineFields({ legend, date, time, endOfDay, onDate, onTime, onEndOfDay, testId }: {
  legend: string;
  date: string;
  time: string;
  endOfDay: boolean;
  onDate: (value: string) => void;
  onTime: (value: string) => void;
  onEndOfDay: (value: boolean) => void;
  testId: string;
}) {
  return (
    <fieldset class="deadline-fields" data-testid={testId}>
      <legend>{legend}</legend>
      <label>Date <input type="date" value={date} onInput={(e) => onDate(e.currentTarget.value)} data-testid={`${testId}-date`} /></label>
      <label><input type="checkbox" checked={endOfDay} onChange={(e) => onEndOfDay(e.currentTarget.checked)} data-testid={`${testId}-end-of-day`} /> End of the day (24:00)</label>
      {!endOfDay && <label>Time <input type="time" value={time} onInput={(e) => onTime(e.currentTarget.value)} data-testid={`${testId}-time`} /></label>}
    </fieldset>
  );
}
