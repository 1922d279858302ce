import { CookieHandlerReference } from '../references';
export { CookieHandlerReference };
export default CookieHandlerReference;
