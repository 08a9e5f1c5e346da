import * as React from 'react';
import { Button, EmptyStateLayout, Link, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page, Pagination, useQueryParams } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';

import type { Pagination as PaginationMeta } from '../../../shared/contracts/common';

/**
 * Pieces shared by the panel's lists: the list pages (invoice runs, schedules), the runs of a
 * schedule, and the tables of the run page.
 */

/* -------------------------------------------------------------------------------------------------
 * Tables
 * -----------------------------------------------------------------------------------------------*/

export interface DataTableProps {
  /** The column headers, in order; their number is the table's column count. */
  headers: readonly string[];
  /** The number of body rows. */
  rowCount: number;
  /** Grey headers, as the list pages have them; the run page's tables keep the default colour. */
  mutedHeaders?: boolean;
  'aria-label'?: string;
  'data-testid'?: string;
  /** The body rows (`Tr`). */
  children: React.ReactNode;
}

/** A design-system table: one row of column headers in the `sigma` style, then the rows. */
export const DataTable = ({
  headers,
  rowCount,
  mutedHeaders = false,
  'aria-label': label,
  'data-testid': testId,
  children,
}: DataTableProps) => (
  <Table colCount={headers.length} rowCount={rowCount + 1} aria-label={label} data-testid={testId}>
    <Thead>
      <Tr>
        {headers.map((header, index) => (
          // The headers are fixed per table: their position is their identity.
          <Th key={index}>
            <Typography variant="sigma" textColor={mutedHeaders ? 'neutral600' : undefined}>
              {header}
            </Typography>
          </Th>
        ))}
      </Tr>
    </Thead>
    <Tbody>{children}</Tbody>
  </Table>
);

/**
 * A body cell of plain text; `nowrap` keeps a date, period or amount on one line, `detail` adds a
 * smaller grey line under it (a debtor's or contract's reference).
 */
export const TextCell = ({
  children,
  detail,
  nowrap = false,
  bold = false,
}: {
  children: React.ReactNode;
  detail?: React.ReactNode;
  nowrap?: boolean;
  bold?: boolean;
}) => (
  <Td>
    <Typography
      textColor="neutral800"
      fontWeight={bold ? 'bold' : undefined}
      style={nowrap ? { whiteSpace: 'nowrap' } : undefined}
    >
      {children}
    </Typography>
    {detail !== undefined ? (
      <Typography variant="pi" textColor="neutral600" tag="p">
        {detail}
      </Typography>
    ) : null}
  </Td>
);

interface ReferenceLinkProps {
  /** a route-relative path, e.g. the documentId from a list route, or `../runs/<documentId>` */
  to: string;
  reference: string;
}

/** The reference (IVR-… or IRS-…) as the "blue hyperlink" of the seed manual, to its page. */
export const ReferenceLink = ({ to, reference }: ReferenceLinkProps) => (
  <Link tag={NavLink} to={to} isExternal={false}>
    {reference}
  </Link>
);

/* -------------------------------------------------------------------------------------------------
 * List pages
 * -----------------------------------------------------------------------------------------------*/

/**
 * A list page's URL state: `_q` is written by Strapi's SearchInput, `page` and `pageSize` by
 * Pagination, any other key by the page's own filters (e.g. `status`).
 */
export interface ListQuery {
  page?: string;
  pageSize?: string;
  _q?: string;
  sort?: string;
  [filter: string]: string | undefined;
}

const positiveInt = (value: unknown, fallback: number): number => {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
};

/**
 * The URL state of a list page, and the request params it asks for (page, page size, search, sort).
 * `clearSearch` empties the search, and the filters named in `reset`, and remounts the SearchInput
 * (it keeps what was typed in its own state) through `searchKey`.
 */
export const useListQuery = () => {
  const [{ query }, setQuery] = useQueryParams<ListQuery>();
  const [searchKey, setSearchKey] = React.useState(0);

  const search = typeof query._q === 'string' ? query._q.trim() : '';
  const params = {
    page: positiveInt(query.page, 1),
    pageSize: positiveInt(query.pageSize, 10),
    search: search || undefined,
    sort: typeof query.sort === 'string' && query.sort ? query.sort : undefined,
  };

  const clearSearch = (reset: ListQuery = {}) => {
    setQuery({ ...reset, _q: undefined, page: '1' });
    setSearchKey((key) => key + 1);
  };

  return { query, setQuery, search, params, searchKey, clearSearch };
};

export interface ListPageLayoutProps {
  title: string;
  subtitle: string;
  navigationAction?: React.ReactNode;
  primaryAction: React.ReactNode;
  /** The search box and filters above the list. */
  filters: React.ReactNode;
  /** Marks the page busy while a new page of the list loads. */
  isFetching: boolean;
  children: React.ReactNode;
}

/** The frame of a list page: title, header, the search and filter bar, and the content. */
export const ListPageLayout = ({
  title,
  subtitle,
  navigationAction,
  primaryAction,
  filters,
  isFetching,
  children,
}: ListPageLayoutProps) => (
  <Page.Main aria-busy={isFetching}>
    <Page.Title>{title}</Page.Title>
    <Layouts.Header navigationAction={navigationAction} title={title} subtitle={subtitle} primaryAction={primaryAction} />
    <Layouts.Action startActions={filters} />
    <Layouts.Content>{children}</Layouts.Content>
  </Page.Main>
);

/** A list page's table with the admin's URL-driven pagination (page size and page links) under it. */
export const PaginatedTable = ({
  pagination,
  ...table
}: Omit<DataTableProps, 'mutedHeaders'> & { pagination: PaginationMeta }) => (
  <>
    <DataTable mutedHeaders {...table} />
    <Pagination.Root {...pagination} defaultPageSize={pagination.pageSize}>
      <Pagination.PageSize />
      <Pagination.Links />
    </Pagination.Root>
  </>
);

export interface EmptyListProps {
  /** What to say when there is nothing at all. */
  content: string;
  /** The way forward from there (a link or a button), if any. */
  action?: React.ReactNode;
  /** Set while a search or filter hides everything: what to say then, and the button that clears it. */
  filtered?: { content: string; clearLabel: string; onClear: () => void } | null;
  iconWidth?: string;
}

/** An empty list: the design system's empty state with the documents illustration. */
export const EmptyList = ({ content, action, filtered, iconWidth = '16rem' }: EmptyListProps) => (
  <EmptyStateLayout
    icon={<EmptyDocuments width={iconWidth} />}
    content={filtered ? filtered.content : content}
    action={
      filtered ? (
        <Button variant="secondary" onClick={filtered.onClear}>
          {filtered.clearLabel}
        </Button>
      ) : (
        action
      )
    }
  />
);
