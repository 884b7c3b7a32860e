namespace HyperFlow.Generators.Model
{
    /// <summary>How the code of a loop sends records at a key-by (into a hash exchange).</summary>
    internal enum KeyByMode
    {
        /// <summary>Tests <c>route</c> per record: routed by key group, or into the only downstream subtask.</summary>
        Branch,

        /// <summary>In the loop for several downstream subtasks: routed by key group.</summary>
        Routed,

        /// <summary>In the loop for one downstream subtask: into its ring, record by record.</summary>
        Unrouted,

        /// <summary>In the loop for one downstream subtask, timestamped records at most one per input: into a run of claimed slots.</summary>
        UnroutedRun,
    }
}
