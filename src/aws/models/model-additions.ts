/**
 * Input members AWS added after the aws-sdk v2 models were frozen, which current clients (SDK v3, newer
 * CLIs) send. Each entry names the AWS API reference it comes from; the codec decodes them like any member.
 */
export const INPUT_MEMBER_ADDITIONS: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, { readonly type: string }>>>>>> = {
  // EC2 API reference, DeregisterImage: "DeleteAssociatedSnapshots — Specifies whether to delete the snapshots associated with the AMI" (2024).
  EC2: { DeregisterImage: { DeleteAssociatedSnapshots: { type: 'boolean' } } },
};
