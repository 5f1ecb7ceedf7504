// Types of cluster.mjs for the TypeScript that imports it (tests/failover/failover.ts).
export type ClusterState = {
  dir: string;
  url: string;
  /** DATABASE_REPLICA_URL: HAProxy's replica port (decision 045). */
  replicaUrl: string;
  uid?: number;
  gid?: number;
  ports: { etcd: number; etcdPeer: number; primary: number; replicas: number };
  nodes: { pg: number; rest: number }[];
  pids: Record<string, number>;
};
export type Member = {
  name: string;
  role: string;
  state: string;
  host: string;
  port: number;
  timeline?: number;
  lag?: number | string;
};
export function defaultDir(): string;
export function readState(dir?: string): ClusterState | null;
export function clusterMembers(state: ClusterState): Promise<Member[]>;
export function leaderPostmaster(
  state: ClusterState,
): Promise<{ name: string; pid: number; timeline?: number } | null>;
export function memberPostmaster(
  state: ClusterState,
  roles: string[],
): Promise<{ name: string; role: string; pid: number; timeline?: number } | null>;
export function up(dir?: string): Promise<ClusterState>;
export function down(dir?: string, opts?: { keep?: boolean }): Promise<void>;
