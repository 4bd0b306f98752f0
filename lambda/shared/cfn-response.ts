/**
 * The answer of a CloudFormation custom resource: a PUT of the response document to the pre-signed
 * S3 URL of the request (AWS CloudFormation User Guide, "Custom resource response objects"), shared
 * by the deploy-time functions (phone-number association, SMS spend limit).
 */
import * as https from 'node:https';

/** PUTs `response` (JSON) to CloudFormation's pre-signed URL; rejects on a non-2xx answer or timeout. */
export function sendCfnResponse(url: string, response: object, timeoutMs = 10_000): Promise<void> {
  const body = JSON.stringify(response);
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: 'PUT',
        // An empty content type: the pre-signed URL was signed without one.
        headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode !== undefined && res.statusCode < 300
            ? resolve()
            : reject(new Error(`response upload failed with HTTP ${res.statusCode}`)),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error('response upload timed out')));
    request.on('error', reject);
    request.end(body);
  });
}
