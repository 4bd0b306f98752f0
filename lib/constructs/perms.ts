/** IAM action lists used by the constructs, kept in one place for review. */

/** Administration of a key by the account's IAM (no cryptographic use). */
export const KEY_ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
] as const;

/** Envelope encryption through AWS services. */
export const KEY_DATA_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey',
] as const;

/** MAC operations on the HMAC key. */
export const KEY_MAC_ACTIONS = ['kms:GenerateMac', 'kms:VerifyMac'] as const;

/** DynamoDB item reads used by integrations (no Scan unless asked for). */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'] as const;

/** DynamoDB item writes used by integrations (no table-level operations). */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;

/** Key use by DynamoDB on behalf of a principal writing items (explicit: no wildcard actions). */
export const TABLE_KEY_WRITE_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:GenerateDataKey',
  'kms:DescribeKey',
] as const;

/** Key use by DynamoDB on behalf of a principal reading items. */
export const TABLE_KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'] as const;
