/** Property tests (10,000 events each) of the functions that authenticate or send SMS. */
import { describeHandlerProperties } from './property-support';

describeHandlerProperties(['otp-start', 'otp-verify', 'pin-verify', 'password-reset']);
