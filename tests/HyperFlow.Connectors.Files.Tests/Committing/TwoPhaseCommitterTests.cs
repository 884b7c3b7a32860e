using System.Buffers;
using CsCheck;

namespace HyperFlow.Connectors.Files.Tests.Committing;

public class TwoPhaseCommitterTests
{
    // Random runs of prepare / checkpoint state / commit notification / failed commit / crash and recover,
    // against the model: committables are committed once, in the order they were prepared, exactly when a
    // notification or a recovery covers their checkpoint; a state lists exactly those not yet committed.
    [Fact]
    public void RandomRuns_CommitExactlyTheCommittablesOfCompletedCheckpointsInOrder()
    {
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 3]).Array[1, 80].Sample(
            steps =>
            {
                var sink = new RecordingCommitter();
                var committer = new TwoPhaseCommitter<long>(sink);
                var pending = new List<(long Checkpoint, long Value)>();
                var committed = new List<long>();
                long checkpoint = 0;
                long nextValue = 0;
                byte[]? lastState = null;
                foreach ((int kind, int amount) in steps)
                {
                    switch (kind)
                    {
                        case 0:
                        case 1:
                            // Phase one of the next checkpoint: 0-3 committables, then the state, stored unless the checkpoint is declined.
                            checkpoint++;
                            for (int i = 0; i < amount; i++)
                            {
                                committer.Add(checkpoint, nextValue);
                                pending.Add((checkpoint, nextValue++));
                            }

                            byte[] state = State(committer);
                            Assert.Equal(pending.Select(static p => p.Value), new TwoPhaseCommitter<long>(new RecordingCommitter()).Recover(state));
                            lastState = kind == 0 ? state : lastState;
                            break;
                        case 2:
                        case 3:
                            // A notification for one of the last few checkpoints (late ones included).
                            long upTo = checkpoint - amount;
                            int due = pending.Count(p => p.Checkpoint <= upTo);
                            sink.FailNext = kind == 3 && due > 1;
                            if (sink.FailNext)
                            {
                                Assert.Throws<IOException>(() => committer.CommitUpTo(upTo));
                                Assert.Equal(pending.Count, committer.PendingCount);
                            }

                            Assert.Equal(due, committer.CommitUpTo(upTo));
                            committed.AddRange(pending.Take(due).Select(static p => p.Value));
                            pending.RemoveRange(0, due);
                            break;
                        default:
                            // A crash: a new committer recovers from the last state; what was prepared after it is dropped.
                            committer = new TwoPhaseCommitter<long>(sink);
                            IReadOnlyList<long> recovered = lastState is null ? [] : committer.Recover(lastState);
                            committed.AddRange(recovered.Where(v => !committed.Contains(v)));
                            pending.Clear();
                            break;
                    }

                    Assert.Equal(committed, sink.Order);
                    Assert.Equal(pending.Count, committer.PendingCount);
                }
            },
            iter: 300);
    }

    [Fact]
    public async Task CommitUpTo_RunningOnAnotherThread_NeverHidesAnUncommittedCommittableFromAState()
    {
        var sink = new RecordingCommitter { WorkPerCommit = 2_000 };
        var committer = new TwoPhaseCommitter<long>(sink);
        const int Checkpoints = 500;
        long completed = 0;
        using var done = new CancellationTokenSource();
        Task notifier = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                committer.CommitUpTo(Volatile.Read(ref completed));
            }
        });

        var missing = new List<string>();
        for (long checkpoint = 1; checkpoint <= Checkpoints; checkpoint++)
        {
            committer.Add(checkpoint, checkpoint * 2);
            committer.Add(checkpoint, (checkpoint * 2) + 1);
            byte[] state = State(committer);
            long sequence = sink.Sequence;
            var listed = new HashSet<long>(new TwoPhaseCommitter<long>(new RecordingCommitter()).Recover(state));

            // Everything prepared so far is either in the state or was committed before the state was written.
            for (long value = 2; value < (checkpoint * 2) + 2; value++)
            {
                if (!listed.Contains(value) && !(sink.Committed.TryGetValue(value, out long at) && at <= sequence))
                {
                    missing.Add($"{value} at checkpoint {checkpoint}");
                }
            }

            Volatile.Write(ref completed, checkpoint);
        }

        done.Cancel();
        await notifier.WaitAsync(TimeSpan.FromSeconds(60));
        committer.CommitUpTo(Checkpoints);
        Assert.Empty(missing);
        Assert.Equal(Enumerable.Range(2, Checkpoints * 2).Select(static v => (long)v), sink.Order);
    }

    [Fact]
    public void WriteState_WhileACommitIsInProgress_StillListsTheCommittablesBeingCommitted()
    {
        var sink = new RecordingCommitter();
        var committer = new TwoPhaseCommitter<long>(sink);
        committer.Add(1, 10);
        committer.Add(1, 11);
        byte[] state = [];
        sink.DuringCommit = () =>
        {
            // The slot thread prepares checkpoint 2 while checkpoint 1 commits: a crash now restores from this state.
            committer.Add(2, 12);
            state = State(committer);
        };
        Assert.Equal(2, committer.CommitUpTo(1));
        Assert.Equal([10L, 11L, 12L], new TwoPhaseCommitter<long>(new RecordingCommitter()).Recover(state));
        Assert.Equal(1, committer.PendingCount);
    }

    [Fact]
    public void Add_ForACheckpointAlreadyCommittedOrGoingBack_Throws()
    {
        var committer = new TwoPhaseCommitter<long>(new RecordingCommitter());
        committer.Add(5, 1);
        Assert.Contains("increasing id order", Assert.Throws<InvalidOperationException>(() => committer.Add(4, 2)).Message, StringComparison.Ordinal);
        committer.CommitUpTo(7);
        Assert.Contains("up to 7 are already committed", Assert.Throws<InvalidOperationException>(() => committer.Add(7, 3)).Message, StringComparison.Ordinal);
        committer.Add(8, 3);
        Assert.Equal(1, committer.PendingCount);
    }

    [Fact]
    public void Recover_FromBytesItDidNotWrite_ThrowsSayingWhatIsWrong()
    {
        var committer = new TwoPhaseCommitter<long>(new RecordingCommitter());
        committer.Add(1, 10);
        committer.Add(2, 11);
        byte[] state = State(committer);
        var fresh = new TwoPhaseCommitter<long>(new RecordingCommitter());
        Assert.Contains("format version", Assert.Throws<InvalidDataException>(() => fresh.Recover([9, 0, 0, 0, 0])).Message, StringComparison.Ordinal);
        Assert.Contains("ends inside committable 1 of 2", Assert.Throws<InvalidDataException>(() => fresh.Recover(state.AsSpan(0, state.Length - 20))).Message, StringComparison.Ordinal);
        Assert.Contains("bytes follow", Assert.Throws<InvalidDataException>(() => fresh.Recover([.. state, 0])).Message, StringComparison.Ordinal);
        Assert.Equal([10L, 11L], fresh.Recover(state));
    }

    private static byte[] State(TwoPhaseCommitter<long> committer)
    {
        var output = new ArrayBufferWriter<byte>();
        committer.WriteState(output);
        return output.WrittenSpan.ToArray();
    }
}
