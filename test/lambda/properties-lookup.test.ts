/** Property tests (10,000 events each) of the functions that look things up or deflect. */
import { describeHandlerProperties } from './property-support';

describeHandlerProperties([
  'identify-caller',
  'balance-lookup',
  'order-status',
  'routing-context',
  'sms-link',
]);
