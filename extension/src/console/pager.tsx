import { CursorPagination } from '@zendeskgarden/react-pagination';
import { scoped } from '../i18n.js';

const ts = scoped('nav_bar.pager');

/** Garden's cursor pagination over `useCursorPages`. */
export function Pager(p: {
  pageNumber: number;
  hasNext: boolean;
  hasPrevious: boolean;
  first(): void;
  previous(): void;
  next(): void;
}) {
  if (!p.hasNext && !p.hasPrevious) return null;
  return (
    <CursorPagination aria-label={ts('label')} data-testid="pager">
      <CursorPagination.First onClick={p.first} disabled={!p.hasPrevious}>
        {ts('first')}
      </CursorPagination.First>
      <CursorPagination.Previous onClick={p.previous} disabled={!p.hasPrevious}>
        {ts('previous')}
      </CursorPagination.Previous>
      <CursorPagination.Next onClick={p.next} disabled={!p.hasNext}>
        {ts('next', { page: p.pageNumber + 1 })}
      </CursorPagination.Next>
    </CursorPagination>
  );
}
