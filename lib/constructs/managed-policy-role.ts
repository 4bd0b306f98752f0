import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Properties of {@link ManagedPolicyRole}. */
export interface ManagedPolicyRoleProps {
  /** Principal allowed to assume the role. */
  readonly assumedBy: iam.IPrincipal;
  readonly description: string;
}

/**
 * A role whose every grant lands in one customer managed policy instead of an inline default
 * policy: no AWS managed policies (AwsSolutions-IAM4) and no inline policies (HIPAA/PCI/NIST
 * IAMNoInlinePolicy), while `grantXxx(role)` keeps working unchanged.
 */
export class ManagedPolicyRole extends iam.Role {
  /** The customer managed policy holding the role's permissions. */
  readonly permissions: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ManagedPolicyRoleProps) {
    super(scope, id, { assumedBy: props.assumedBy, description: props.description });
    this.permissions = new iam.ManagedPolicy(this, 'Permissions', {
      description: `Permissions of: ${props.description}`.slice(0, 1000),
    });
    this.addManagedPolicy(this.permissions);
  }

  override addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.permissions.addStatements(statement);
    return { statementAdded: true, policyDependable: this.permissions };
  }
}
