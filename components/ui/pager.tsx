import { Button } from "./button";

/** Footer of a cursor-paged table: "first page" when not on it, "next" when there is more. */
export function Pager(props: { onFirst?: () => void; onNext?: () => void; firstLabel: string; nextLabel: string }) {
  return (
    <div className="flex justify-end gap-2 border-t border-slate-100 p-3">
      {props.onFirst && (
        <Button size="sm" onClick={props.onFirst}>
          {props.firstLabel}
        </Button>
      )}
      {props.onNext && (
        <Button size="sm" onClick={props.onNext}>
          {props.nextLabel}
        </Button>
      )}
    </div>
  );
}
