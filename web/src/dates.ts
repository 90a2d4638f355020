/** The model's British date formats, for the portal's pages. */
export { britishDate, formatDateTime } from '../../model/dates';
