import { DateProviderReference } from '../references';
export { DateProviderReference };
export default DateProviderReference;
