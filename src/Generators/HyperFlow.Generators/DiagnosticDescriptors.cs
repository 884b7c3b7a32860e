using System;
using Microsoft.CodeAnalysis;

namespace HyperFlow.Generators
{
    /// <summary>
    /// HyperFlow's compile-time diagnostics. IDs are stable and sequential; each message says what to
    /// change. New IDs go into AnalyzerReleases.Unshipped.md.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "HyperFlow";

        public static readonly DiagnosticDescriptor JobNotPartial = new(
            "HF0001",
            "Job class must be static partial",
            "Job class '{0}' must be declared 'static partial' so that HyperFlow can add its generated Definition; add the missing modifier",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor PipelineNotUnderstood = new(
            "HF0002",
            "Pipeline declaration not understood",
            "{0}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor OperatorAttributeMissing = new(
            "HF0003",
            "Operator method lacks its attribute",
            "Method '{0}' is used as a {1} operator but is not marked [{1}]; add [{1}] to the method",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor OperatorNotStatic = new(
            "HF0004",
            "Operator method must be static",
            "Operator method '{0}' must be static so that the fused chain can call it directly; make it static",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor KeyTypeNotStable = new(
            "HF0005",
            "Key type has no stable hash",
            "Key type '{0}' returned by '{1}' has no stable hash; key by long, ulong, int, string or Guid (or a value derived from them)",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor DuplicateUid = new(
            "HF0006",
            "Duplicate operator uid",
            "Operator uid '{0}' is used more than once in job '{1}'; give each operator a unique Uid",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor JobNested = new(
            "HF0007",
            "Job class must be a top-level class",
            "Job class '{0}' is nested in another type or generic; declare it as a non-generic top-level class",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnusedOperator = new(
            "HF0008",
            "Operator is not used by the pipeline",
            "Method '{0}' is marked [{1}] but the [Pipeline] method does not use it; add it to the pipeline or remove the attribute",
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor WrongSignature = new(
            "HF0009",
            "Operator method has the wrong signature",
            "Method '{0}' is marked [{1}] but its signature does not fit; a [{1}] method looks like '{2}'",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor JobNameEmpty = new(
            "HF0010",
            "Job name is empty",
            "Job class '{0}' has an empty name; give [Job(\"...\")] the name that logs, metrics and checkpoints will use",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor TimeArgumentNotConstant = new(
            "HF0011",
            "Time argument must be a constant",
            "Argument '{0}' of 'Timestamps' must be a compile-time constant, because HyperFlow reads it at build time; write a literal or a const, such as {0}: 2000",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor TimeArgumentNegative = new(
            "HF0012",
            "Time argument must not be negative",
            "Argument '{0}' of 'Timestamps' is {1}; it must be 0 or more ({2})",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor TimestampsMisplaced = new(
            "HF0013",
            "Timestamps must be declared once, in the source's chain",
            "'Timestamps' {0}; declare timestamps once, between From and the first KeyBy, Rebalance, Broadcast or Forward, so that watermarks are generated per source partition",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor WindowNotUnderstood = new(
            "HF0020",
            "Window assigner not understood",
            "{0}; write the window as TumblingWindows.OfMilliseconds(size), SlidingWindows.OfMilliseconds(size, slide), their Of(TimeSpan...) forms, SessionWindows.WithGap(TimeSpan.FromMinutes(30)), DynamicSessionWindows<T>.WithGap(GapMethod) or GlobalWindows.Instance, optionally followed by 'with {{ Time = WindowTime.ProcessingTime }}'",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor WindowArgumentNotConstant = new(
            "HF0021",
            "Window argument must be a constant",
            "Argument '{0}' of '{1}' must be a compile-time constant, because HyperFlow reads it at build time; write a literal or a const (durations as TimeSpan.FromSeconds(10) and the like)",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor WindowArgumentOutOfRange = new(
            "HF0022",
            "Window argument out of range",
            "Argument '{0}' of '{1}' is {2}; {3}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor WindowNeedsTimestamps = new(
            "HF0023",
            "Event-time window on a stream without timestamps",
            "Window '{0}' follows event time, but the stream has no timestamps; declare .Timestamps(...) between From and the first KeyBy, or make the window follow processing time with 'with {{ Time = WindowTime.ProcessingTime }}'",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor WindowAggregateNeedsMerge = new(
            "HF0024",
            "Window aggregate needs a merge",
            "{0} windows combine the accumulators of parts of a window, and aggregate '{1}' has no merge; pass a [Merge] method as well, such as .Aggregate<TAcc>({2}, Merge), or use Reduce",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor GlobalWindowWithoutTrigger = new(
            "HF0025",
            "Global windows never fire without a trigger",
            "Global windows never fire by themselves, so '{0}' would emit nothing; add .CountTrigger(n) or .Trigger<TTrigger>() after .Window(GlobalWindows.Instance)",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor LateStreamNotSupported = new(
            "HF0026",
            "Late stream not supported",
            "{0}; the late stream of 'LateData' runs in the window's chain, so write a lambda that continues it with Map, Filter and FlatMap and ends in To(\"sink\"), such as late => late.To(\"late-events\")",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor WindowOptionNotApplicable = new(
            "HF0027",
            "Window option does not apply",
            "'{0}' {1}; {2}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ProcessMethodMissing = new(
            "HF0030",
            "Process function needs one [Process] method",
            "Process function '{0}' {1}; give it exactly one, such as '[Process] public void OnEvent({2})'",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ProcessMethodSignature = new(
            "HF0031",
            "[Process] method has the wrong signature",
            "[Process] method '{0}' {1}; write it as '{2}'",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor OnTimerMethodSignature = new(
            "HF0032",
            "[OnTimer] method has the wrong signature",
            "[OnTimer] method '{0}' {1}; write it as '{2}'",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor OnTimerWithoutProcess = new(
            "HF0033",
            "[OnTimer] method without its [Process] method",
            "[OnTimer] method '{0}' {1}; {2}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ProcessWithoutKeyBy = new(
            "HF0034",
            "Process needs a keyed stream",
            "'Process' is applied to a stream of {0} that is not keyed; a process function keeps state and timers per key, so key the stream first: .KeyBy(KeyMethod).Process<{1}>()",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ProcessFunctionNotCreatable = new(
            "HF0035",
            "Process function cannot be created",
            "Process function '{0}' {1}; {2}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor SideOutputTagNotUnderstood = new(
            "HF0036",
            "Side output tag not understood",
            "Side output tag '{0}' {1}; declare each tag once, as 'static readonly OutputTag<T> Name = new(\"name\");' in the job class (or internal elsewhere), and use that field",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor SideOutputMisplaced = new(
            "HF0037",
            "Side output misplaced",
            "'SideOutput({0}, ...)' {1}; {2}",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor SideOutputNotMatched = new(
            "HF0038",
            "Side output emitted or read on one side only",
            "{0}; {1}",
            Category,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor FileLocalEventType = new(
            "HF0039",
            "File-local type in a pipeline",
            "Type '{0}' is file-local, so the code HyperFlow generates for '{1}' (in a file of its own) cannot name it; remove the 'file' modifier (make it internal or public)",
            Category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static DiagnosticDescriptor ById(string id) => id switch
        {
            "HF0001" => JobNotPartial,
            "HF0002" => PipelineNotUnderstood,
            "HF0003" => OperatorAttributeMissing,
            "HF0004" => OperatorNotStatic,
            "HF0005" => KeyTypeNotStable,
            "HF0006" => DuplicateUid,
            "HF0007" => JobNested,
            "HF0008" => UnusedOperator,
            "HF0009" => WrongSignature,
            "HF0010" => JobNameEmpty,
            "HF0011" => TimeArgumentNotConstant,
            "HF0012" => TimeArgumentNegative,
            "HF0013" => TimestampsMisplaced,
            "HF0020" => WindowNotUnderstood,
            "HF0021" => WindowArgumentNotConstant,
            "HF0022" => WindowArgumentOutOfRange,
            "HF0023" => WindowNeedsTimestamps,
            "HF0024" => WindowAggregateNeedsMerge,
            "HF0025" => GlobalWindowWithoutTrigger,
            "HF0026" => LateStreamNotSupported,
            "HF0027" => WindowOptionNotApplicable,
            "HF0030" => ProcessMethodMissing,
            "HF0031" => ProcessMethodSignature,
            "HF0032" => OnTimerMethodSignature,
            "HF0033" => OnTimerWithoutProcess,
            "HF0034" => ProcessWithoutKeyBy,
            "HF0035" => ProcessFunctionNotCreatable,
            "HF0036" => SideOutputTagNotUnderstood,
            "HF0037" => SideOutputMisplaced,
            "HF0038" => SideOutputNotMatched,
            "HF0039" => FileLocalEventType,
            _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown HyperFlow diagnostic id."),
        };
    }
}
