import { Table, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways inside itself on narrow screens (the page never does). The
 * scrolling area is a labelled region that takes focus, so it can be scrolled from the keyboard.
 */
export function ScrollTable({
  label,
  minWidth,
  children,
  ...tableProps
}: { label: string; minWidth: number; children: ReactNode } & TableProps) {
  return (
    <Table.ScrollContainer
      minWidth={minWidth}
      scrollAreaProps={{ type: 'auto', viewportProps: { tabIndex: 0, role: 'region', 'aria-label': label } }}
    >
      <Table verticalSpacing="xs" highlightOnHover {...tableProps}>
        {children}
      </Table>
    </Table.ScrollContainer>
  );
}
