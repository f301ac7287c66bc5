package server

import "github.com/strata-db/strata/engine"

// Strata does not speak the cluster protocol yet; it answers CLUSTER,
// READONLY, READWRITE and ASKING as a redis-server started without
// cluster-enabled does: the commands exist (COMMAND lists them, clients
// probing for cluster mode get a clear answer) and every one of them says
// cluster support is disabled.

const errClusterDisabled = "ERR This instance has cluster support disabled"

func clusterDisabled(c *engine.Ctx) { c.W.Error(errClusterDisabled) }

func init() {
	engine.Register(
		&engine.Command{Name: "cluster", Arity: -2, Group: "cluster", Since: "3.0.0",
			Summary: "A container for cluster commands", Run: clusterDisabled},
		&engine.Command{Name: "readonly", Arity: 1, Flags: engine.FlagFast | engine.FlagLoading | engine.FlagStale,
			Group: "cluster", Since: "3.0.0", Summary: "Enables read queries for a connection to a cluster replica node", Run: clusterDisabled},
		&engine.Command{Name: "readwrite", Arity: 1, Flags: engine.FlagFast | engine.FlagLoading | engine.FlagStale,
			Group: "cluster", Since: "3.0.0", Summary: "Disables read queries for a connection to a cluster replica node", Run: clusterDisabled},
		&engine.Command{Name: "asking", Arity: 1, Flags: engine.FlagFast,
			Group: "cluster", Since: "3.0.0", Summary: "Sent by cluster clients after an -ASK redirect", Run: clusterDisabled},
	)
	admin := engine.FlagAdmin | engine.FlagStale
	for _, s := range []struct {
		name    string
		arity   int
		flags   engine.Flag
		since   string
		summary string
	}{
		{"addslots", -3, admin, "3.0.0", "Assign new hash slots to receiving node"},
		{"addslotsrange", -4, admin, "7.0.0", "Assign new hash slots to receiving node"},
		{"bumpepoch", 2, admin, "3.0.0", "Advance the cluster config epoch"},
		{"count-failure-reports", 3, admin, "3.0.0", "Return the number of failure reports active for a given node"},
		{"countkeysinslot", 3, engine.FlagStale, "3.0.0", "Return the number of local keys in the specified hash slot"},
		{"delslots", -3, admin, "3.0.0", "Set hash slots as unbound in receiving node"},
		{"delslotsrange", -4, admin, "7.0.0", "Set hash slots as unbound in receiving node"},
		{"failover", -2, admin, "3.0.0", "Forces a replica to perform a manual failover of its master."},
		{"flushslots", 2, admin, "3.0.0", "Delete a node's own slots information"},
		{"forget", 3, admin, "3.0.0", "Remove a node from the nodes table"},
		{"getkeysinslot", 4, engine.FlagStale, "3.0.0", "Return local key names in the specified hash slot"},
		{"help", 2, engine.FlagLoading | engine.FlagStale, "5.0.0", "Show helpful text about the different subcommands"},
		{"info", 2, engine.FlagStale, "3.0.0", "Provides info about Redis Cluster node state"},
		{"keyslot", 3, engine.FlagStale, "3.0.0", "Returns the hash slot of the specified key"},
		{"links", 2, engine.FlagStale, "7.0.0", "Returns a list of all TCP links to and from peer nodes in cluster"},
		{"meet", -4, admin, "3.0.0", "Force a node cluster to handshake with another node"},
		{"myid", 2, engine.FlagStale, "3.0.0", "Return the node id"},
		{"nodes", 2, engine.FlagStale, "3.0.0", "Get Cluster config for the node"},
		{"replicas", 3, admin, "5.0.0", "List replica nodes of the specified master node"},
		{"replicate", 3, admin, "3.0.0", "Reconfigure a node as a replica of the specified master node"},
		{"reset", -2, admin | engine.FlagNoScript, "3.0.0", "Reset a Redis Cluster node"},
		{"saveconfig", 2, admin, "3.0.0", "Forces the node to save cluster state on disk"},
		{"set-config-epoch", 3, admin, "3.0.0", "Set the configuration epoch in a new node"},
		{"setslot", -4, admin, "3.0.0", "Bind a hash slot to a specific node"},
		{"shards", 2, engine.FlagStale, "7.0.0", "Get array of cluster slots to node mappings"},
		{"slaves", 3, admin, "3.0.0", "List replica nodes of the specified master node"},
		{"slots", 2, engine.FlagStale, "3.0.0", "Get array of Cluster slot to node mappings"},
	} {
		engine.RegisterSub("cluster", &engine.Command{Name: s.name, Arity: s.arity, Flags: s.flags,
			Group: "cluster", Since: s.since, Summary: s.summary, Run: clusterDisabled})
	}
}
