/**
 * The answer of a CloudFormation custom resource: a PUT of the response document to the pre-signed
 * S3 URL of the request (AWS CloudFormation User Guide, "Custom resource response objects"), shared
 * by the deploy-time functions (phone-number association, SMS spend limit).
 */
import * as https from 'node:https';

/** The custom-resource request fields the deploy-time functions read. */
export interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Readonly<Record<string, unknown>>;
}

/** The response document CloudFormation expects. */
export interface CustomResourceResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly Data?: Readonly<Record<string, string>>;
}

/** PUTs `response` (JSON) to CloudFormation's pre-signed URL; rejects on a non-2xx answer or timeout. */
export function sendCfnResponse(
  url: string,
  response: CustomResourceResponse,
  timeoutMs = 10_000,
): Promise<void> {
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
