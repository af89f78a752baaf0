/**
 * What window.print() prints: its children, portalled to <body>, hidden on screen; when printing,
 * everything else on the page (the console, antd's modals) is hidden.
 */
import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';

const css = `
@media screen { .wg-print { display: none !important; } }
@media print {
  body > *:not(.wg-print) { display: none !important; }
  body { background: #fff !important; }
  .wg-print { display: block !important; }
  @page { margin: 12mm; }
}`;

export function PrintArea({ children }: { children: ReactNode }) {
  return createPortal(
    <div className="wg-print" data-testid="print-area">
      <style>{css}</style>
      {children}
    </div>,
    document.body,
  );
}

/** Print after React has committed the print area. */
export const printNow = () => window.setTimeout(() => window.print(), 50);
