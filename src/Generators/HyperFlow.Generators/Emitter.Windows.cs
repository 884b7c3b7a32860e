using System.Collections.Generic;
using System.Linq;
using HyperFlow.Generators.Model;

namespace HyperFlow.Generators
{
    /// <summary>
    /// Emission of a window stage, always the first stage of its chain (it follows a key-by): the window
    /// operator and its stores, the per-record <c>Add</c>, the watermark and processing-time hooks that
    /// fire windows, and two drains that run what fired (and late elements) through the chain's later
    /// stages. Event-time tumbling and sliding windows with a fold use the aligned operator, whose
    /// <c>Add</c> is inlined: one state probe per record, no allocation, no interface or virtual call.
    /// </summary>
    internal static partial class Emitter
    {
        private const string Win = "global::HyperFlow.Windows.";

        private static StageModel? WindowOf(ChainModel chain) => chain.Stages.Count > 0 && chain.Stages[0].Kind == StageKind.Window ? chain.Stages[0] : null;

        private static void EmitWindowFields(SourceWriter w, ChainModel chain)
        {
            if (WindowOf(chain) is not { Window: { } m } s)
            {
                return;
            }

            if (m.IsAligned)
            {
                w.Line($"private readonly {State}KeyedStateStore<{Win}SliceKey<{s.KeyType}>> _windowStore;");
                w.Line($"private readonly {Win}AlignedWindowOperator<{s.KeyType}, {s.InType}, {s.AccType}, {s.AccType}, WindowFold> _window;");
            }
            else
            {
                w.Line($"private readonly {State}KeyedStateStore<{Win}WindowKey<{s.KeyType}>> _windowStore;");
                w.Line($"private readonly global::HyperFlow.Timers.TimerService<{s.KeyType}, {Win}TimeWindow> _timers;");
                w.Line($"private readonly {Win}WindowOperator<{s.KeyType}, {s.InType}, {s.AccType}> _window;");
            }

            w.Line($"private readonly {Rt}WindowResultBuffer<{s.KeyType}, {s.AccType}> _fired = new();");
            if (m.LateStageCount > 0)
            {
                w.Line($"private readonly {Rt}LateElementBuffer<{s.InType}> _late = new();");
                w.Line($"private readonly {Rt}SinkOutput<{chain.Stages[m.LateStageCount].OutType}> _lateOutput;");
            }
        }

        private static void EmitWindowInit(SourceWriter w, ChainModel chain)
        {
            if (WindowOf(chain) is not { Window: { } m } s)
            {
                return;
            }

            if (m.LateStageCount > 0)
            {
                StageModel sink = chain.Stages[m.LateStageCount];
                w.Line($"_lateOutput = AddOutput(plan.CreateTimestampedSinkOutput<{sink.OutType}>({Literal(sink.Uid)}, subtask));");
            }

            foreach (string line in Describe(s, m))
            {
                w.Line("// " + line);
            }

            string lateness = $"allowedLateness: global::System.TimeSpan.FromMilliseconds({Number(m.LatenessMs)})";
            string late = m.LateStageCount > 0 ? "_late" : "null";
            if (m.IsAligned)
            {
                w.Line($"_windowStore = plan.CreateKeyedStore<{Win}SliceKey<{s.KeyType}>>({Literal(s.Uid)}, subtask);");
                w.Line($"_window = new(_windowStore, {Assigner(s, m)}, _fired, {lateness}, lateOutput: {late}, watermark: plan.RestoredWatermark({Literal(s.Uid)}, subtask));");
                return;
            }

            w.Line($"_windowStore = plan.CreateKeyedStore<{Win}WindowKey<{s.KeyType}>>({Literal(s.Uid)}, subtask);");
            w.Line($"_timers = new(() => plan.CreateKeyedStore<global::HyperFlow.Timers.TimerKey<{s.KeyType}, {Win}TimeWindow>>({Literal(s.Uid + "-timers")}, subtask));");
            string options = $"trigger: {Trigger(s, m)}, {lateness}, lateOutput: {late}, watermark: plan.RestoredWatermark({Literal(s.Uid)}, subtask)";
            w.Line(m.Function == WindowFunction.Process
                ? $"_window = {Win}WindowOperator.Process<{s.KeyType}, {s.InType}, {s.AccType}>(_windowStore, _timers, {Assigner(s, m)}, new WindowFunction(), _fired, {options});"
                : $"_window = {Win}WindowOperator.Aggregate<{s.KeyType}, {s.InType}, {s.AccType}, {s.AccType}, WindowFold>(_windowStore, _timers, {Assigner(s, m)}, _fired, {options});");
        }

        private static void EmitWindowBatch(SourceWriter w, ChainModel chain, string inputType)
        {
            StageModel s = WindowOf(chain)!;
            WindowModel m = s.Window!;
            // Its own method, not inlined into the task's loop by guarded devirtualization: there the loop's
            // locals compete with the task's for registers and spill (about 0.5 ns per record).
            w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]");
            w.Open($"protected override void ProcessBatch(global::System.ReadOnlySpan<{inputType}> batch)");
            w.Line("var window = _window;");
            EmitWindowScope(w, m, () =>
            {
                string timestamp = "long.MinValue";
                if (chain.TimestampedInput)
                {
                    w.Open($"foreach (ref readonly {Stamped(chain.InputType)} stamped in batch)");
                    w.Line($"ref readonly {chain.InputType} e0 = ref stamped.Value;");
                    timestamp = "stamped.Timestamp";
                }
                else
                {
                    w.Open($"foreach (ref readonly {chain.InputType} e0 in batch)");
                }

                string key = s.KeyCall.Substring(s.KeyCall.LastIndexOf('.') + 1);
                string time = chain.TimestampedInput && m.IsEventTime ? "the windows of its timestamp" : "its windows";
                w.Line($"// [Window] {s.Display}, keyed by {key}: the record goes into {time}");
                w.Line($"window.Add({s.KeyCall}(in e0), in e0, {timestamp});");
                w.Close();
                if (m.IsAligned)
                {
                    w.Line();
                    w.Line("window.EndBatch(batch.Length);");
                }
            });

            if (!m.IsAligned || m.LatenessMs > 0)
            {
                w.Line(m.IsAligned
                    ? "// Records within the allowed lateness fired their windows again: on through the chain."
                    : "// What records fired (late firings, triggers that fire on elements): on through the chain.");
                w.Line("EmitFired();");
            }

            if (m.LateStageCount > 0)
            {
                w.Line("EmitLate();");
            }

            w.Close();
        }

        private static void EmitWindowMembers(SourceWriter w, ChainModel chain)
        {
            if (WindowOf(chain) is not { Window: { } m } s)
            {
                return;
            }

            w.Line();
            w.Line("// The watermark fires every window whose end - 1 it reaches: the results go on before the watermark.");
            w.Open("protected override void OnWatermark(long watermark)");
            EmitWindowScope(w, m, () => w.Line("_window.AdvanceWatermark(watermark);"));
            w.Line("EmitFired();");
            w.Close();
            if (!m.IsAligned)
            {
                w.Line();
                w.Line("// Processing-time windows and triggers fire when the job's clock reaches their timers.");
                w.Line("protected override long NextProcessingTime => _timers.NextProcessingTime;");
                w.Line();
                w.Open("protected override void OnProcessingTime(long time)");
                EmitWindowScope(w, m, () => w.Line("_window.AdvanceProcessingTime(time);"));
                w.Line("EmitFired();");
                w.Close();
            }

            w.Line();
            w.Line("protected override long WindowLateDropped => _window.LateDropped;");
            w.Line();
            w.Line("// The window's results through the rest of the chain, checked for room: a firing emits any number of them.");
            w.Open("private void EmitFired()");
            w.Line("var fired = _fired.Items;");
            int first = 1 + m.LateStageCount;
            EmitDrain(w, chain, first, "fired", "_output", () =>
            {
                w.Open($"foreach (ref readonly {s.OutType} e0 in fired)");
                if (chain.TimestampedOutput)
                {
                    w.Line("long ts = e0.Timestamp;");
                }
            });
            w.Line("_fired.Clear();");
            w.Close();
            if (m.LateStageCount > 0)
            {
                w.Line();
                w.Line("// Records later than the allowed lateness, with their timestamps, through the late stream into its sink.");
                w.Open("private void EmitLate()");
                w.Line("var late = _late.Items;");
                ChainModel lateChain = chain with { Stages = new EquatableArray<StageModel>(chain.Stages.Take(first)), Output = "Sink" };
                EmitDrain(w, lateChain, 1, "late", "_lateOutput", () =>
                {
                    w.Open($"foreach (ref readonly {Stamped(s.InType)} stamped in late)");
                    w.Line($"ref readonly {s.InType} e0 = ref stamped.Value;");
                    w.Line("long ts = stamped.Timestamp;");
                });
                w.Line("_late.Clear();");
                w.Close();
            }

            if (m.Function == WindowFunction.Process)
            {
                EmitWindowFunction(w, s);
            }
            else
            {
                EmitWindowFold(w, s, m);
            }
        }

        // Stages from 'first' on, over a drained buffer: locals, the loop (opened by 'loop'), the failure mapping.
        private static void EmitDrain(SourceWriter w, ChainModel chain, int first, string items, string output, System.Action loop)
        {
            w.Open($"if ({items}.IsEmpty)");
            w.Line("return;");
            w.Close();
            w.Line();
            w.Line($"var output = {output};");
            if (chain.Output == "Hash")
            {
                w.Line("bool route = output.NeedsRouting;");
            }

            for (int i = first; i < chain.Stages.Count; i++)
            {
                if (chain.Stages[i].Kind == StageKind.FlatMap)
                {
                    w.Line($"var collector{Index(i)} = _collector{Index(i)};");
                }
            }

            w.Line($"int op = {Index(first)};");
            w.Open("try");
            loop();
            EmitStages(w, chain, inMemory: false, from: first, isChecked: true);
            w.Close();
            w.Close();
            w.Open($"catch (global::System.Exception ex) when (ex is not {Rt}OperatorException)");
            w.Line("throw OperatorFailed(op, ex);");
            w.Close();
            w.Line();
        }

        // The window operator's work inside a batch scope of its stores (FASTER holds its epoch for it), failures named after the window.
        private static void EmitWindowScope(SourceWriter w, WindowModel m, System.Action body)
        {
            w.Line("_windowStore.BeginBatch();");
            if (!m.IsAligned)
            {
                w.Line("_timers.Store.BeginBatch();");
            }

            w.Open("try");
            body();
            w.Close();
            w.Open($"catch (global::System.Exception ex) when (ex is not {Rt}OperatorException)");
            w.Line("throw OperatorFailed(0, ex);");
            w.Close();
            w.Open("finally");
            if (!m.IsAligned)
            {
                w.Line("_timers.Store.EndBatch();");
            }

            w.Line("_windowStore.EndBatch();");
            w.Close();
            w.Line();
        }

        // The [Aggregate] or [Reduce] method as the window's fold, a struct the operator takes as a type argument (inlined).
        private static void EmitWindowFold(SourceWriter w, StageModel s, WindowModel m)
        {
            string acc = s.AccType;
            bool canMerge = m.Function == WindowFunction.Reduce || m.MergeCall.Length > 0;
            w.Line();
            w.Line(m.Function == WindowFunction.Aggregate
                ? $"// [Aggregate] {s.Display} as the window's fold (the accumulator starts at default){(m.MergeCall.Length > 0 ? $"; [Merge] {OneLine(Short(m.MergeCall))} combines parts of a window" : string.Empty)}"
                : $"// [Reduce] {s.Display} as the window's fold (the first element is the value); parts of a window merge by reducing");
            w.Open($"private readonly struct WindowFold : {Win}IWindowFold<{s.InType}, {acc}, {acc}>");
            w.Line($"public bool CanMerge => {(canMerge ? "true" : "false")};");
            w.Line();
            if (m.Function == WindowFunction.Aggregate)
            {
                w.Open($"public {acc} First(in {s.InType} value)");
                w.Line($"{acc} accumulator = default!;");
                w.Line($"{s.Call}(ref accumulator, in value);");
                w.Line("return accumulator;");
                w.Close();
                w.Line();
                w.Line($"public void Add(ref {acc} accumulator, in {s.InType} value) => {s.Call}(ref accumulator, in value);");
                w.Line();
                w.Line(m.MergeCall.Length > 0
                    ? $"public {acc} Merge(in {acc} left, in {acc} right) => {m.MergeCall}(in left, in right);"
                    : $"public {acc} Merge(in {acc} left, in {acc} right) => throw new global::System.NotSupportedException({Literal($"Aggregate {s.Display} has no [Merge] method; tumbling and global windows do not merge accumulators.")});");
            }
            else
            {
                w.Line($"public {acc} First(in {s.InType} value) => value;");
                w.Line();
                w.Line($"public void Add(ref {acc} accumulator, in {s.InType} value) => accumulator = {s.Call}(in accumulator, in value);");
                w.Line();
                w.Line($"public {acc} Merge(in {acc} left, in {acc} right) => {s.Call}(in left, in right);");
            }

            w.Line();
            w.Line($"public {acc} Result(in {acc} accumulator) => accumulator;");
            w.Close();
        }

        private static void EmitWindowFunction(SourceWriter w, StageModel s)
        {
            w.Line();
            w.Line($"// [ProcessWindow] {s.Display}, called with a window's buffered elements when it fires");
            w.Open($"private sealed class WindowFunction : {Win}IProcessWindowFunction<{s.KeyType}, {s.InType}, {s.AccType}>");
            w.Line($"public void Process(in {s.KeyType} key, in {Win}WindowContext context, global::System.ReadOnlySpan<{s.InType}> elements, global::HyperFlow.Collector<{s.AccType}> output)");
            w.Line($"    => {s.Call}(in key, in context, elements, output);");
            w.Close();
        }

        private static string Assigner(StageModel s, WindowModel m)
        {
            string assigner = m.Kind switch
            {
                WindowKind.Tumbling => $"{Win}TumblingWindows.OfMilliseconds({Number(m.SizeMs)}, {Number(m.OffsetMs)})",
                WindowKind.Sliding => $"{Win}SlidingWindows.OfMilliseconds({Number(m.SizeMs)}, {Number(m.SlideMs)}, {Number(m.OffsetMs)})",
                WindowKind.Session => $"{Win}SessionWindows.WithGap(global::System.TimeSpan.FromMilliseconds({Number(m.GapMs)}))",
                WindowKind.DynamicSession => $"{Win}DynamicSessionWindows<{s.InType}>.WithGap({m.GapCall})",
                _ => $"{Win}GlobalWindows.Instance",
            };
            return m.ProcessingTime ? $"{assigner} with {{ Time = {Win}WindowTime.ProcessingTime }}" : assigner;
        }

        private static string Trigger(StageModel s, WindowModel m)
        {
            string trigger = m.TriggerCount > 0 ? $"new {Win}CountTrigger<{s.InType}>({Number(m.TriggerCount)})"
                : m.TriggerType.Length > 0 ? $"new {m.TriggerType}()"
                : "null";
            return m.Purging ? $"new {Win}PurgingTrigger<{s.InType}>({trigger})" : trigger;
        }

        // What the window does, in words, for the comment above its creation.
        private static IEnumerable<string> Describe(StageModel s, WindowModel m)
        {
            string time = m.Kind == WindowKind.Global ? string.Empty : m.ProcessingTime ? "processing-time " : "event-time ";
            string what = m.Kind switch
            {
                WindowKind.Tumbling => $"Tumbling {time}windows of {Number(m.SizeMs)} ms",
                WindowKind.Sliding => $"Sliding {time}windows of {Number(m.SizeMs)} ms every {Number(m.SlideMs)} ms",
                WindowKind.Session => $"Session {time}windows closed after {Number(m.GapMs)} ms without records",
                WindowKind.DynamicSession => $"Session {time}windows with the gap of {OneLine(Short(m.GapCall))}",
                _ => "One global window per key",
            };
            string offset = m.OffsetMs != 0 ? $" (offset {Number(m.OffsetMs)} ms)" : string.Empty;
            string how = m.Function switch
            {
                WindowFunction.Aggregate => $"aggregated by {s.Display} as records arrive",
                WindowFunction.Reduce => $"reduced by {s.Display} as records arrive",
                _ => $"buffered and processed by {s.Display} when they fire",
            };
            yield return $"{what}{offset}, {how}.";
            if (m.IsAligned)
            {
                yield return $"Aligned operator: one accumulator per key and slice of {Number(Gcd(m.SizeMs, m.SlideMs))} ms, windows fired for all keys when the watermark reaches their end - 1.";
            }
            else
            {
                string trigger = m.TriggerCount > 0 ? $"every {Number(m.TriggerCount)} records"
                    : m.TriggerType.Length > 0 ? $"by trigger {m.TriggerDisplay}"
                    : m.ProcessingTime ? "when the clock reaches their end - 1"
                    : "when the watermark reaches their end - 1";
                yield return $"Fired {trigger}{(m.Purging ? ", purging their contents" : string.Empty)}; state per key and window, timers per window.";
            }

            if (m.IsEventTime)
            {
                string after = m.LateStageCount > 0 ? "go to the late stream" : "are counted as dropped";
                yield return $"Allowed lateness {Number(m.LatenessMs)} ms; records later than that {after}.";
            }
        }

        // Type.Method of a fully qualified method, for comments.
        private static string Short(string call)
        {
            string plain = call.Replace("global::", string.Empty);
            int last = plain.LastIndexOf('.');
            return plain.Substring((last > 0 ? plain.LastIndexOf('.', last - 1) : -1) + 1);
        }

        private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
    }
}
