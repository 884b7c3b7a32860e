namespace HyperFlow.Generators.Model
{
    /// <summary>
    /// A window stage as declared: the assigner with its constants, what the window computes, and its
    /// options. Milliseconds throughout; strings are fully qualified types and methods, as in
    /// <see cref="StageModel"/>.
    /// </summary>
    /// <param name="Kind">The assigner.</param>
    /// <param name="ProcessingTime">Whether time windows follow the processing-time clock (<c>with { Time = WindowTime.ProcessingTime }</c>).</param>
    /// <param name="SizeMs">Tumbling and sliding: the window length.</param>
    /// <param name="SlideMs">Sliding: how often a window starts.</param>
    /// <param name="OffsetMs">Tumbling and sliding: where windows are aligned.</param>
    /// <param name="GapMs">Session: the gap.</param>
    /// <param name="GapCall">Dynamic session: the [SessionGap] method to call.</param>
    /// <param name="Function">What the window computes; <see cref="WindowFunction.None"/> while the declaration is still configuring the window.</param>
    /// <param name="MergeCall">Aggregate: the [Merge] method combining accumulators; empty when there is none.</param>
    /// <param name="LatenessMs">The allowed lateness (event time).</param>
    /// <param name="TriggerType">A custom trigger's type; empty for the assigner's default or a count trigger.</param>
    /// <param name="TriggerDisplay">The custom trigger's short name, for comments.</param>
    /// <param name="TriggerCount">A count trigger's count; 0 for none.</param>
    /// <param name="Purging">Whether the trigger purges the window's contents when it fires.</param>
    /// <param name="LateStages">While parsing: the late stream's stages (map, filter, flat-map, sink). Empty once they are placed in the pipeline, right after the window stage.</param>
    /// <param name="LateStageCount">How many stages right after the window stage belong to its late stream (0 without one).</param>
    internal sealed record WindowModel(
        WindowKind Kind,
        bool ProcessingTime,
        long SizeMs,
        long SlideMs,
        long OffsetMs,
        long GapMs,
        string GapCall,
        WindowFunction Function,
        string MergeCall,
        long LatenessMs,
        string TriggerType,
        string TriggerDisplay,
        long TriggerCount,
        bool Purging,
        EquatableArray<StageModel> LateStages,
        int LateStageCount)
    {
        /// <summary>Whether the window's function is still to be declared.</summary>
        public bool IsOpen => Function == WindowFunction.None;

        /// <summary>Whether the window follows event time (the watermark): time windows unless they follow processing time.</summary>
        public bool IsEventTime => Kind != WindowKind.Global && !ProcessingTime;

        /// <summary>Whether a trigger other than the assigner's default is declared.</summary>
        public bool HasTrigger => TriggerType.Length > 0 || TriggerCount > 0;

        /// <summary>
        /// Whether the window runs on the aligned operator (one state probe per element): event-time
        /// tumbling or sliding windows with an incremental fold and the default trigger.
        /// </summary>
        public bool IsAligned => Kind is WindowKind.Tumbling or WindowKind.Sliding
            && !ProcessingTime
            && Function is WindowFunction.Aggregate or WindowFunction.Reduce
            && !HasTrigger;

        /// <summary>Whether parts of a window's contents are merged: sliding windows with more than one slice, sessions.</summary>
        public bool Merges => Kind is WindowKind.Session or WindowKind.DynamicSession || (Kind == WindowKind.Sliding && SlideMs != SizeMs);
    }
}
