import { STGeneralError } from '../error';
export { STGeneralError };
export default STGeneralError;
