using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using CsCheck;

namespace HyperFlow.Connectors.Files.Tests.Sink;

/// <summary>
/// Random runs of a checkpointed file sink against the model of exactly-once output: writes, checkpoint
/// barriers (phase one), checkpoint completions, commit notifications (late, repeated, or never), and
/// crashes (writers dropped without completing, restored from the last completed checkpoint while the
/// source rewinds to its position). After every step each subtask's committed files must hold exactly
/// its records up to the last checkpoint it was told (or restored) is complete, in order; after a
/// restore no hidden file may remain; at the end, a final checkpoint commits everything.
/// </summary>
public class FileSinkModelTests
{
    private const long SubtaskStride = 1_000_000;

    [Fact]
    public void RandomRunsWithCrashes_CommittedOutputIsExactlyTheRecordsBeforeTheCompletedCheckpoints()
    {
        var config = Gen.Select(
            Gen.Int[1, 2],
            Gen.OneOf(1L, 2L, 3L, 5L, long.MaxValue),
            Gen.OneOf(6L, 16L, 40L, 1L << 20),
            Gen.OneOf(1, 10, 4096),
            Gen.Bool);
        var steps = Gen.Select(Gen.Int[0, 10], Gen.Int[0, 1], Gen.Int[0, 7]).Array[1, 60];
        Gen.Select(config, steps).Sample(
            input =>
            {
                ((int parallelism, long maxRecords, long maxBytes, int bufferBytes, bool encoder), (int Kind, int Subtask, int Amount)[] run) = input;
                using var dir = new TempDirectory();
                var options = new FileSinkOptions(dir.Path) { MaxPartRecords = maxRecords, MaxPartBytes = maxBytes, BufferBytes = bufferBytes };
                FileSink<long> sink = encoder
                    ? new FileSink<long>(options, static (in long v, IBufferWriter<byte> output) =>
                    {
                        Assert.True(Utf8Formatter.TryFormat(v, output.GetSpan(20), out int written));
                        output.Advance(written);
                    })
                    : new FileSink<long>(options, static v => v.ToString(CultureInfo.InvariantCulture));
                var model = new Run(sink, parallelism);
                foreach ((int kind, int subtask, int amount) in run)
                {
                    model.Step(kind, subtask % parallelism, amount);
                    model.Check();
                }

                model.Finish();
                model.Check();
            },
            iter: 60);
    }

    internal static long Record(int subtask, long index) => (subtask * SubtaskStride) + index;

    internal static List<string> Expected(int subtask, long count) =>
        [.. Enumerable.Range(0, (int)count).Select(i => Record(subtask, i).ToString(CultureInfo.InvariantCulture))];

    /// <summary>A checkpoint: its id, each subtask's sink state, and each subtask's source position when the barrier passed.</summary>
    private sealed record Checkpoint(long Id, byte[][] States, long[] Positions);

    /// <summary>The job around the sink: sources that rewind, and the checkpoint coordinator.</summary>
    private sealed class Run
    {
        private readonly FileSink<long> _sink;
        private readonly int _parallelism;
        private readonly ICheckpointedSinkWriter<long>[] _writers;
        private readonly long[] _written;
        private readonly long[] _visible;
        private readonly List<Checkpoint> _inFlight = [];
        private readonly List<Checkpoint> _completed = [];
        private long _nextId = 1;

        public Run(FileSink<long> sink, int parallelism)
        {
            _sink = sink;
            _parallelism = parallelism;
            _writers = new ICheckpointedSinkWriter<long>[parallelism];
            _written = new long[parallelism];
            _visible = new long[parallelism];
            for (int s = 0; s < parallelism; s++)
            {
                _writers[s] = sink.CreateCheckpointedWriter(s, parallelism, []);
            }
        }

        public void Step(int kind, int subtask, int amount)
        {
            switch (kind)
            {
                case <= 3:
                    Write(subtask, amount);
                    break;
                case <= 5:
                    Prepare();
                    break;
                case 6:
                    Complete(amount);
                    break;
                case <= 8:
                    Notify(subtask, amount);
                    break;
                case 9:
                    for (int s = 0; s < _parallelism; s++)
                    {
                        Notify(s, 0);
                    }

                    break;
                default:
                    Crash(dispose: amount % 2 == 0);
                    break;
            }
        }

        /// <summary>The end of the input: writers complete, then a final checkpoint commits the rest.</summary>
        public void Finish()
        {
            foreach (ICheckpointedSinkWriter<long> writer in _writers)
            {
                writer.Complete();
            }

            Prepare();
            Complete(_inFlight.Count - 1);
            for (int s = 0; s < _parallelism; s++)
            {
                Notify(s, 0);
                Assert.Equal(_written[s], _visible[s]);
            }
        }

        public void Check()
        {
            for (int s = 0; s < _parallelism; s++)
            {
                Assert.Equal(Expected(s, _visible[s]), SinkDirectory.CommittedLines(_sink.Options.Directory, s));
            }

            // Nothing visible but committed parts of the sink's subtasks.
            Assert.All(SinkDirectory.VisibleFiles(_sink.Options.Directory), name => Assert.Matches("^part-[0-9]+-[0-9]+$", name));
        }

        private void Write(int subtask, int count)
        {
            long[] batch = [.. Enumerable.Range(0, count).Select(i => Record(subtask, _written[subtask] + i))];
            _writers[subtask].Write(batch);
            _written[subtask] += count;
        }

        private void Prepare()
        {
            long id = _nextId++;
            byte[][] states = [.. _writers.Select(w => w.PrepareCommit(id))];
            _inFlight.Add(new Checkpoint(id, states, [.. _written]));
        }

        /// <summary>Completes one of the checkpoints in flight; the earlier ones are subsumed and never complete.</summary>
        private void Complete(int pick)
        {
            if (_inFlight.Count > 0)
            {
                int index = pick % _inFlight.Count;
                _completed.Add(_inFlight[index]);
                _inFlight.RemoveRange(0, index + 1);
            }
        }

        /// <summary>Tells a subtask that the latest completed checkpoint, or the one before (a late notification), is complete.</summary>
        private void Notify(int subtask, int pick)
        {
            if (_completed.Count > 0)
            {
                Checkpoint checkpoint = _completed[^(1 + (pick % Math.Min(2, _completed.Count)))];
                _writers[subtask].Commit(checkpoint.Id);
                _visible[subtask] = Math.Max(_visible[subtask], checkpoint.Positions[subtask]);
            }
        }

        private void Crash(bool dispose)
        {
            if (dispose)
            {
                foreach (ICheckpointedSinkWriter<long> writer in _writers)
                {
                    ((IDisposable)writer).Dispose();
                }
            }

            Checkpoint? last = _completed.Count > 0 ? _completed[^1] : null;
            _inFlight.Clear();
            for (int s = 0; s < _parallelism; s++)
            {
                _writers[s] = _sink.CreateCheckpointedWriter(s, _parallelism, last is null ? [] : [last.States[s]]);
                _written[s] = last?.Positions[s] ?? 0;
                _visible[s] = _written[s];
            }

            Assert.Empty(SinkDirectory.HiddenFiles(_sink.Options.Directory));
        }
    }
}
