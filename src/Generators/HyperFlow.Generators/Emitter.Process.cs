using System.Linq;
using HyperFlow.Generators.Model;

namespace HyperFlow.Generators
{
    /// <summary>
    /// Emission of side outputs (a forward ring into the chain that continues each one) and of keyed
    /// process functions, always the first stage of their chain (they follow a key-by): the function's
    /// instance and operator, the direct call per record with its outputs run through the rest of the
    /// chain like a flat-map's, and, for a function with an [OnTimer] method, the watermark and
    /// processing-time hooks that fire its timers and run their outputs through the rest of the chain
    /// before the watermark goes on.
    /// </summary>
    internal static partial class Emitter
    {
        private const string ProcessNs = "global::HyperFlow.Runtime.ProcessFunctions.";
        private const string SideOutputType = "global::HyperFlow.Runtime.SideOutputs.SideOutput";

        private static StageModel? ProcessOf(ChainModel chain) => chain.Stages.Count > 0 && chain.Stages[0].Kind == StageKind.Process ? chain.Stages[0] : null;

        private static void EmitProcessFields(SourceWriter w, ChainModel chain)
        {
            for (int j = 0; j < chain.SideOutputs.Count; j++)
            {
                w.Line($"private readonly {SideOutputType}<{chain.SideOutputs[j].Type}> _side{Index(j)};");
            }

            if (ProcessOf(chain) is { Process: { } p } s)
            {
                w.Line($"private readonly {ProcessNs}KeyedProcessOperator<{s.KeyType}> _process;");
                w.Line($"private readonly {p.FunctionType} _function;");
                w.Line($"private readonly global::HyperFlow.Collector<{s.OutType}> _collector0 = new();");
            }
        }

        private static void EmitProcessInit(SourceWriter w, ChainModel chain)
        {
            for (int j = 0; j < chain.SideOutputs.Count; j++)
            {
                SideOutputLink link = chain.SideOutputs[j];
                string ring = chain.TimestampedOutput ? Stamped(link.Type) : link.Type;
                w.Line($"// Side output '{OneLine(link.TagName)}': a forward exchange into chain {Index(link.Chain)}, where its stream goes on");
                w.Line($"_side{Index(j)} = new(AddOutput(plan.CreateForwardOutput<{ring}>({Index(link.Chain)}, subtask)));");
            }

            if (ProcessOf(chain) is not { Process: { } p } s)
            {
                return;
            }

            string timers = p.HasTimers ? $", its timers under \"{OneLine(s.Uid)}-timers\"" : string.Empty;
            w.Line($"// [Process] {s.Display}: its keyed state under uid \"{OneLine(s.Uid)}\"{timers}; one instance per subtask");
            w.Line($"_process = new(plan, {Literal(s.Uid)}, subtask, {Literal(s.Display)}, hasTimers: {(p.HasTimers ? "true" : "false")});");
            for (int j = 0; j < chain.SideOutputs.Count; j++)
            {
                if (chain.SideOutputs[j].Stage == 0)
                {
                    w.Line($"_process.AddSideOutput({chain.SideOutputs[j].TagField}, _side{Index(j)});");
                }
            }

            w.Line($"_function = new {p.FunctionType}({(p.TakesStore ? "_process.Store" : string.Empty)});");
        }

        private static void EmitProcessLocals(SourceWriter w, ChainModel chain)
        {
            if (ProcessOf(chain) is null)
            {
                return;
            }

            w.Line("var process = _process;");
            w.Line("var function = _function;");
            w.Line("var collector0 = _collector0;");
            w.Line("// A batch scope on the function's stores (FASTER holds its epoch for the batch).");
            w.Line("process.BeginBatch();");
        }

        // The [Process] call for one record: the key made current, then the rest of the chain once per output.
        private static string EmitProcessCall(SourceWriter w, ChainModel chain, StageModel s, string e, int n, bool hoistedOp)
        {
            ProcessModel p = s.Process!;
            string next = "e" + Index(n);
            string timestamp = chain.TimestampedInput ? "ts" : "long.MinValue";
            w.Line($"// [Process] {s.Display}.{p.ProcessMethod}, keyed by {s.KeyCall.Substring(s.KeyCall.LastIndexOf('.') + 1)}: the rest of the chain runs once per output");
            SetOp(w, "0", hoistedOp);
            w.Line($"{s.KeyType} key0 = {s.KeyCall}(in {e});");
            w.Line("collector0.Clear();");
            w.Line($"function.{p.ProcessMethod}(in {e}, process.Enter(key0, global::HyperFlow.Storage.Keys.KeyHash.Of(key0), {timestamp}), collector0);");
            w.Open($"foreach (ref readonly {s.OutType} {next} in collector0.Items)");
            return next;
        }

        private static void EmitProcessMembers(SourceWriter w, ChainModel chain)
        {
            if (ProcessOf(chain) is not { Process: { } p } s)
            {
                return;
            }

            w.Line();
            if (!p.HasTimers)
            {
                w.Line("// The function has no timers: the watermark only moves what its context reports.");
                w.Line("protected override void OnWatermark(long watermark) => _process.AdvanceWatermark(watermark);");
                return;
            }

            w.Line("// Event-time timers at or before the new watermark fire first, and their outputs run through the rest of the chain, before the watermark goes downstream.");
            w.Open("protected override void OnWatermark(long watermark)");
            w.Line("var timers = new Timers(this);");
            w.Line("_process.AdvanceWatermark(watermark, ref timers);");
            w.Close();
            w.Line();
            w.Line("protected override long NextProcessingTime => _process.NextProcessingTime;");
            w.Line();
            w.Open("protected override void OnProcessingTime(long time)");
            w.Line("var timers = new Timers(this);");
            w.Line("_process.AdvanceProcessingTime(time, ref timers);");
            w.Close();
            w.Line();
            w.Line($"// [OnTimer] {s.Display}.{p.TimerMethod} for one timer, with its key current; the rest of the chain runs once per output.");
            w.Open($"private void OnTimer(in {s.KeyType} key, long time, global::HyperFlow.Timers.TimeDomain domain)");
            w.Line("var output = _output;");
            if (chain.Output == "Hash")
            {
                w.Line("bool route = output.NeedsRouting;");
            }

            for (int i = 1; i < chain.Stages.Count; i++)
            {
                if (chain.Stages[i].Kind == StageKind.FlatMap)
                {
                    w.Line($"var collector{Index(i)} = _collector{Index(i)};");
                }
            }

            w.Line("var collector0 = _collector0;");
            w.Line("int op = 0;");
            w.Open("try");
            w.Line("collector0.Clear();");
            w.Line($"_function.{p.TimerMethod}(time, _process.EnterTimer(key, time, domain), collector0);");
            if (chain.TimestampedInput)
            {
                w.Line("// Outputs of an event-time timer carry its time; those of a processing-time timer carry no event time.");
                w.Line("long ts = domain == global::HyperFlow.Timers.TimeDomain.EventTime ? time : long.MinValue;");
            }

            w.Open($"foreach (ref readonly {s.OutType} e0 in collector0.Items)");
            EmitStages(w, chain, inMemory: false, from: 1, isChecked: true);
            w.Close();
            w.Close();
            w.Open($"catch (global::System.Exception ex) when (ex is not {Rt}OperatorException)");
            w.Line("throw OperatorFailed(op, ex);");
            w.Close();
            w.Close();
            w.Line();
            w.Line("// What the timer service calls for each timer that fires: a struct, so the call is direct.");
            w.Open($"private readonly struct Timers(__HyperFlowChain{Index(chain.Id)} chain) : global::HyperFlow.Timers.ITimerTarget<{s.KeyType}, global::HyperFlow.Timers.VoidNamespace>");
            w.Line($"public void OnTimer(in {s.KeyType} key, in global::HyperFlow.Timers.VoidNamespace ns, long time, global::HyperFlow.Timers.TimeDomain domain) => chain.OnTimer(key, time, domain);");
            w.Close();
        }
    }
}
