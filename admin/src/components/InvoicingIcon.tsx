import type { SVGProps } from 'react';

/**
 * The Invoicing menu icon: an invoice sheet with a folded corner and amount lines. Drawn in
 * `currentColor` so the main navigation colours it like Strapi's own icons.
 */
export const InvoicingIcon = (props: SVGProps<SVGSVGElement>) => (
  <svg xmlns="http://www.w3.org/2000/svg" width="1em" height="1em" fill="none" viewBox="0 0 32 32" aria-hidden {...props}>
    <path
      fill="currentColor"
      d="M24.5 3h-17A2.5 2.5 0 0 0 5 5.5v23a1 1 0 0 0 1.447.894L10 27.618l3.553 1.776a1 1 0 0 0 .894 0L18 27.618l3.553 1.776a1 1 0 0 0 .894 0L26 27.618V5.5A2.5 2.5 0 0 0 24.5 3ZM25 25.382l-2.553 1.276a1 1 0 0 1-.894 0L18 24.882l-3.553 1.776a1 1 0 0 1-.894 0L10 24.882l-3 1.5V5.5a.5.5 0 0 1 .5-.5h17a.5.5 0 0 1 .5.5v19.882ZM10 10a1 1 0 0 1 1-1h10a1 1 0 1 1 0 2H11a1 1 0 0 1-1-1Zm0 4a1 1 0 0 1 1-1h10a1 1 0 1 1 0 2H11a1 1 0 0 1-1-1Zm6 4a1 1 0 0 1 1-1h4a1 1 0 1 1 0 2h-4a1 1 0 0 1-1-1Z"
    />
  </svg>
);
