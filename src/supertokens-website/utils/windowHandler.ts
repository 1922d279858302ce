import { WindowHandlerReference } from '../references';
export { WindowHandlerReference };
export default WindowHandlerReference;
