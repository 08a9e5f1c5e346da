/**
 * The Content-Disposition of document downloads: the invoice number as the file name, with an RFC 5987
 * `filename*` when it holds anything but printable ASCII.
 */
import { contentDisposition } from '../../server/src/controllers/documents';

test.each([
  ['attachment', '2027-000001.pdf', 'attachment; filename="2027-000001.pdf"'],
  ['inline', 'INV-2027-42.pdf', 'inline; filename="INV-2027-42.pdf"'],
  ['attachment', 'Fäktur 1.pdf', `attachment; filename="F_ktur 1.pdf"; filename*=UTF-8''F%C3%A4ktur%201.pdf`],
  ['attachment', 'a"b\\c.pdf', `attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%5Cc.pdf`],
  ['attachment', 'x\r\ny.pdf', `attachment; filename="x__y.pdf"; filename*=UTF-8''x%0D%0Ay.pdf`],
] as const)('%s %j', (disposition, name, expected) => {
  expect(contentDisposition(disposition, name)).toBe(expected);
});
