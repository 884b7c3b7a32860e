using System.Buffers;
using System.Buffers.Text;
using HyperFlow.Testing;

namespace HyperFlow.Connectors.Files.Tests.Sink;

public class FileSinkTests
{
    private static readonly long[] s_tenRecords = [.. Enumerable.Range(0, 10).Select(static i => (long)i)];

    [Fact]
    public void PlainWriter_RollsByRecordsAndSizeAndAtComplete_EachPartVisibleOnceClosed()
    {
        using var dir = new TempDirectory();
        var sink = Sink(dir.Path, new FileSinkOptions(dir.Path) { MaxPartRecords = 4, MaxPartBytes = 7, PartSuffix = ".txt" });
        ISinkWriter<long> writer = sink.CreateWriter(0, 1);

        // "0\n".."3\n" are 8 bytes: the size limit (7) closes the part after 4 records, before the record limit would.
        writer.Write(s_tenRecords.AsSpan(0, 3));
        Assert.Empty(SinkDirectory.VisibleFiles(dir.Path));
        Assert.Equal([".part-0-0.txt.inprogress"], SinkDirectory.HiddenFiles(dir.Path));
        writer.Write(s_tenRecords.AsSpan(3, 7));
        Assert.Equal(["part-0-0.txt", "part-0-1.txt"], SinkDirectory.VisibleFiles(dir.Path));
        writer.Complete();
        Assert.Equal(["part-0-0.txt", "part-0-1.txt", "part-0-2.txt"], SinkDirectory.VisibleFiles(dir.Path));
        Assert.Empty(SinkDirectory.HiddenFiles(dir.Path));
        Assert.Equal("0\n1\n2\n3\n", File.ReadAllText(dir.Sub("part-0-0.txt")));
        Assert.Equal(FileSinkModelTests.Expected(0, 10), SinkDirectory.CommittedLines(dir.Path, 0, suffix: ".txt"));
    }

    [Fact]
    public void PlainWriter_RunAgainInTheSameDirectory_NumbersItsPartsAfterTheEarlierOnes()
    {
        using var dir = new TempDirectory();
        FileSink<long> sink = Sink(dir.Path);
        File.WriteAllText(dir.Sub(".part-0-7.inprogress"), "left by a killed run\n");
        ISinkWriter<long> first = sink.CreateWriter(0, 2);
        first.Write(s_tenRecords);
        first.Complete();
        ISinkWriter<long> second = sink.CreateWriter(0, 2);
        second.Write(s_tenRecords.AsSpan(0, 1));
        second.Complete();
        ISinkWriter<long> other = sink.CreateWriter(1, 2);
        other.Write(s_tenRecords.AsSpan(0, 1));
        other.Complete();
        Assert.Equal(["part-0-8", "part-0-9", "part-1-0"], SinkDirectory.VisibleFiles(dir.Path));
        Assert.Equal([".part-0-7.inprogress"], SinkDirectory.HiddenFiles(dir.Path));
    }

    [Fact]
    public void CheckpointedWriter_PartGoesFromInProgressToPendingAtTheBarrierToCommittedAtCompletion()
    {
        using var dir = new TempDirectory();
        ICheckpointedSinkWriter<long> writer = Sink(dir.Path).CreateCheckpointedWriter(0, 1, []);
        writer.Write(s_tenRecords.AsSpan(0, 5));
        Assert.Equal([".part-0-0.inprogress"], SinkDirectory.HiddenFiles(dir.Path));
        writer.PrepareCommit(1);
        Assert.Equal([".part-0-0.pending"], SinkDirectory.HiddenFiles(dir.Path));
        writer.Write(s_tenRecords.AsSpan(5, 5));
        writer.PrepareCommit(2);
        Assert.Empty(SinkDirectory.VisibleFiles(dir.Path));
        writer.Commit(1);
        Assert.Equal(["part-0-0"], SinkDirectory.VisibleFiles(dir.Path));
        Assert.Equal([".part-0-1.pending"], SinkDirectory.HiddenFiles(dir.Path));
        writer.Commit(2);
        writer.Commit(2);
        writer.Commit(1);
        Assert.Equal(FileSinkModelTests.Expected(0, 10), SinkDirectory.CommittedLines(dir.Path, 0));
        Assert.Empty(SinkDirectory.HiddenFiles(dir.Path));
    }

    [Fact]
    public void CheckpointedWriter_RestoredTwiceFromAStateWhosePartsWereCommitted_LeavesTheOutputAsItIs()
    {
        using var dir = new TempDirectory();
        FileSink<long> sink = Sink(dir.Path);
        ICheckpointedSinkWriter<long> writer = sink.CreateCheckpointedWriter(0, 1, []);
        writer.Write(s_tenRecords.AsSpan(0, 4));
        byte[] state = writer.PrepareCommit(3);
        writer.Commit(3);
        writer.Write(s_tenRecords.AsSpan(4, 3));

        // The crash came after the commit: the restore commits again (a no-op), twice if the restore itself crashes.
        sink.CreateCheckpointedWriter(0, 1, [state]);
        ICheckpointedSinkWriter<long> restored = sink.CreateCheckpointedWriter(0, 1, [state]);
        Assert.Equal(FileSinkModelTests.Expected(0, 4), SinkDirectory.CommittedLines(dir.Path, 0));
        Assert.Empty(SinkDirectory.HiddenFiles(dir.Path));
        Assert.Contains("prepare checkpoint 3 after checkpoint 3", Assert.Throws<InvalidOperationException>(() => restored.PrepareCommit(3)).Message, StringComparison.Ordinal);
        restored.Write(s_tenRecords.AsSpan(4, 6));
        restored.PrepareCommit(4);
        restored.Commit(4);
        Assert.Equal(FileSinkModelTests.Expected(0, 10), SinkDirectory.CommittedLines(dir.Path, 0));
        Assert.Equal(["part-0-0", "part-0-1"], SinkDirectory.VisibleFiles(dir.Path));
    }

    [Fact]
    public void CheckpointedWriter_RestoredWithLowerParallelism_CommitsEverySubtasksPartsAndDiscardsTheirLeftovers()
    {
        using var dir = new TempDirectory();
        FileSink<long> sink = Sink(dir.Path);
        ICheckpointedSinkWriter<long>[] writers = [sink.CreateCheckpointedWriter(0, 3, []), sink.CreateCheckpointedWriter(1, 3, []), sink.CreateCheckpointedWriter(2, 3, [])];
        var states = new List<byte[]>();
        for (int s = 0; s < 3; s++)
        {
            writers[s].Write(s_tenRecords.AsSpan(0, s + 1));
            states.Add(writers[s].PrepareCommit(1));
            writers[s].Write(s_tenRecords.AsSpan(0, 1));
        }

        writers[2].PrepareCommit(2);
        File.WriteAllText(dir.Sub("notes.txt"), "a user's file");
        File.WriteAllText(dir.Sub(".other-tool.tmp"), "another tool's hidden file");

        // Parallelism 3 -> 2: subtask 0 takes over the states of subtasks 0 and 2, subtask 1 that of subtask 1.
        sink.CreateCheckpointedWriter(0, 2, [states[0], states[2]]);
        Assert.Equal([".other-tool.tmp", ".part-1-0.pending", ".part-1-1.inprogress"], SinkDirectory.HiddenFiles(dir.Path));
        sink.CreateCheckpointedWriter(1, 2, [states[1]]);
        Assert.Equal([".other-tool.tmp"], SinkDirectory.HiddenFiles(dir.Path));
        Assert.Equal(["notes.txt", "part-0-0", "part-1-0", "part-2-0"], SinkDirectory.VisibleFiles(dir.Path));
        Assert.Equal(FileSinkModelTests.Expected(0, 3), SinkDirectory.CommittedLines(dir.Path, 2));
    }

    [Fact]
    public async Task CheckpointedWriter_CommitOnAnotherThreadWhileTheSlotThreadWritesAndPrepares_CommitsEveryCompletedCheckpoint()
    {
        using var dir = new TempDirectory();
        ICheckpointedSinkWriter<long> writer = Sink(dir.Path, new FileSinkOptions(dir.Path) { MaxPartRecords = 3 }).CreateCheckpointedWriter(0, 1, []);
        const int Checkpoints = 100;
        long[] batch = new long[10];
        var commits = new List<Task>();
        for (long id = 1, next = 0; id <= Checkpoints; id++)
        {
            for (int i = 0; i < batch.Length; i++)
            {
                batch[i] = next++;
            }

            writer.Write(batch);
            writer.PrepareCommit(id);
            long completed = id;
            commits.Add(Task.Run(() => writer.Commit(completed)));
        }

        await Task.WhenAll(commits).WaitAsync(TimeSpan.FromSeconds(60));
        writer.Commit(Checkpoints);
        Assert.Equal(FileSinkModelTests.Expected(0, Checkpoints * batch.Length), SinkDirectory.CommittedLines(dir.Path, 0));
        Assert.Empty(SinkDirectory.HiddenFiles(dir.Path));
    }

    [Fact]
    public void CheckpointedWriter_PendingPartOfTheRestoredCheckpointGone_RestoreFailsNamingThePart()
    {
        using var dir = new TempDirectory();
        FileSink<long> sink = Sink(dir.Path);
        ICheckpointedSinkWriter<long> writer = sink.CreateCheckpointedWriter(0, 1, []);
        writer.Write(s_tenRecords);
        byte[] state = writer.PrepareCommit(1);
        File.Delete(dir.Sub(".part-0-0.pending"));
        var error = Assert.Throws<IOException>(() => sink.CreateCheckpointedWriter(0, 1, [state]));
        Assert.Contains("cannot commit part 'part-0-0'", error.Message, StringComparison.Ordinal);
        Assert.Contains(dir.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckpointedWriter_RestoredFromBytesThatAreNoFileSinkState_Throws()
    {
        using var dir = new TempDirectory();
        FileSink<long> sink = Sink(dir.Path);
        Assert.Contains("not a file sink state", Assert.Throws<InvalidDataException>(() => sink.CreateCheckpointedWriter(0, 1, [new byte[] { 7, 1, 2 }])).Message, StringComparison.Ordinal);
        byte[] state = sink.CreateCheckpointedWriter(0, 1, []).PrepareCommit(1);
        state[^1] ^= 1;
        Assert.Throws<InvalidDataException>(() => sink.CreateCheckpointedWriter(0, 1, [state]));
    }

    [Fact]
    public void Options_OutOfRange_ThrowSayingWhichSinkAndWhat()
    {
        using var dir = new TempDirectory();
        Assert.Contains("starts with '.'", Assert.Throws<ArgumentException>(() => Sink(dir.Path, new FileSinkOptions(dir.Path) { PartPrefix = ".p" })).Message, StringComparison.Ordinal);
        Assert.Contains(dir.Path, Assert.Throws<ArgumentException>(() => Sink(dir.Path, new FileSinkOptions(dir.Path) { PartSuffix = "a/b" })).Message, StringComparison.Ordinal);
        Assert.Contains("ends like an uncommitted part", Assert.Throws<ArgumentException>(() => Sink(dir.Path, new FileSinkOptions(dir.Path) { PartSuffix = ".pending" })).Message, StringComparison.Ordinal);
        Assert.Contains("MaxPartRecords is 0", Assert.Throws<ArgumentException>(() => Sink(dir.Path, new FileSinkOptions(dir.Path) { MaxPartRecords = 0 })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Sink(dir.Path).CreateWriter(2, 2));
    }

    [Fact]
    public void Write_WithAnEncoder_AllocatesNothingPerRecord()
    {
        using var dir = new TempDirectory();
        ISinkWriter<long> writer = Sink(dir.Path).CreateWriter(0, 1);
        long[] batch = [.. Enumerable.Range(0, 1_000).Select(static i => (long)i)];
        writer.Write(batch);
        long allocated = Allocations.OnThisThread(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                writer.Write(batch);
            }
        });

        writer.Complete();
        Assert.True(allocated < 1_000, $"Writing 100,000 records allocated {allocated} bytes.");
    }

    [Fact]
    public void Formatter_WritesEachRecordAsItsLineInUtf8()
    {
        using var dir = new TempDirectory();
        ISinkWriter<string> writer = new FileSink<string>(new FileSinkOptions(dir.Path), static s => s + "é").CreateWriter(0, 1);
        writer.Write(["a", "b"]);
        writer.Complete();
        Assert.Equal("aé\nbé\n", File.ReadAllText(dir.Sub("part-0-0")), StringComparer.Ordinal);
        Assert.Equal(8, new FileInfo(dir.Sub("part-0-0")).Length);
    }

    private static FileSink<long> Sink(string directory, FileSinkOptions? options = null) =>
        new(options ?? new FileSinkOptions(directory), static (in long v, IBufferWriter<byte> output) =>
        {
            Utf8Formatter.TryFormat(v, output.GetSpan(20), out int written);
            output.Advance(written);
        });
}
