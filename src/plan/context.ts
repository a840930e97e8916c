import type { Inventory } from '../cloud/inventory.js';

/** An image the planner may launch from. */
export interface ImageChoice {
  readonly imageId: string;
  readonly name: string;
  readonly architecture: string;
  readonly rootDeviceName: string | undefined;
}

/** What the planner knows of an instance type (read with DescribeInstanceTypes). */
export interface InstanceTypeInfo {
  readonly name: string;
  readonly vCpus: number;
  readonly memoryMiB: number;
  readonly architectures: readonly string[];
}

/** Everything a plan is built from besides the intent: the fresh inventory and looked-up catalog facts. */
export interface PlanContext {
  readonly inventory: Inventory;
  readonly region: string;
  /** Images found for the families and ids the intent names, keyed `family/arch` or by image id. */
  readonly images: ReadonlyMap<string, ImageChoice>;
  /** Instance types the intent names, and those of the instances it touches. */
  readonly instanceTypes: ReadonlyMap<string, InstanceTypeInfo>;
  /** Instance type when a request names none. */
  readonly defaultInstanceType: string;
}

/** Key of an image in PlanContext.images. */
export function imageKey(family: string, architecture: string): string {
  return `${family}/${architecture}`;
}
