import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { StageConfig } from '../config/stage-config';
import { CustomerStore } from '../constructs/customer-store';
import { EncryptionKeys } from '../constructs/encryption-keys';
import { TableBackup } from '../constructs/table-backup';

/** Properties of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * Long-lived state: the customer managed keys, the customer store and its backups. Everything
 * here is retained on deletion; keep this stack out of frequent tear-downs.
 */
export class DataStack extends Stack {
  readonly keys: EncryptionKeys;
  readonly store: CustomerStore;
  readonly backup: TableBackup;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    this.keys = new EncryptionKeys(this, 'Keys', { aliasPrefix: `cccode/${props.config.stage}` });
    this.store = new CustomerStore(this, 'CustomerStore', { encryptionKey: this.keys.dataKey });
    this.backup = new TableBackup(this, 'Backup', {
      tables: this.store.tableList,
      encryptionKey: this.keys.dataKey,
      retentionDays: props.config.backupRetentionDays,
      namePrefix: `cccode-${props.config.stage}`,
    });
  }
}
