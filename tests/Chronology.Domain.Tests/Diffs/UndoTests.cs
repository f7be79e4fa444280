using Chronology.Domain.Diffs;

namespace Chronology.Domain.Tests.Diffs;

public class UndoTests
{
    private static readonly System.Text.Json.Nodes.JsonNode Revision1 = Records.Summit();

    [Fact]
    public void Undo_of_the_latest_revision_has_no_conflicts_and_restores_the_previous_state()
    {
        var revision2 = Revision1.With(record => record["status"] = "postponed");
        var changes = JsonDiff.Changes(Revision1, revision2);

        Assert.Empty(JsonDiff.Conflicts(changes, revision2));
        JsonAssert.Equal(Revision1, JsonDiff.Revert(changes, revision2));
    }

    [Fact]
    public void Undo_of_an_edit_that_was_later_overwritten_reports_the_path()
    {
        var revision2 = Revision1.With(record =>
        {
            record["status"] = "postponed";
            record["title"]!["en"] = "Singapore summit";
        });
        var revision3 = revision2.With(record => record["status"] = "cancelled");

        Assert.Equal(["/status"], JsonDiff.Conflicts(JsonDiff.Changes(Revision1, revision2), revision3));
    }

    [Fact]
    public void Undo_of_a_role_change_follows_the_item_after_later_inserts_moved_it()
    {
        var revision2 = Revision1.With(record => record.Participants()[1]!["role"] = "Former President");
        var revision3 = revision2.With(record => record.Participants().Insert(0, Records.Participant("p0", "Envoy")));
        var changes = JsonDiff.Changes(Revision1, revision2);

        Assert.Empty(JsonDiff.Conflicts(changes, revision3));
        var undone = JsonDiff.Revert(changes, revision3);

        JsonAssert.Equal(revision3.With(record => record.Participants()[2]!["role"] = "President"), undone);
    }

    [Fact]
    public void Undo_of_a_role_change_conflicts_when_a_later_edit_changed_that_role_or_removed_the_participant()
    {
        var revision2 = Revision1.With(record => record.Participants()[1]!["role"] = "Former President");
        var changes = JsonDiff.Changes(Revision1, revision2);

        var roleChangedAgain = revision2.With(record => record.Participants()[1]!["role"] = "Special Envoy");
        var participantRemoved = revision2.With(record => record.Participants().RemoveAt(1));

        Assert.Equal(["/participants/p2/role"], JsonDiff.Conflicts(changes, roleChangedAgain));
        Assert.Equal(["/participants/p2/role"], JsonDiff.Conflicts(changes, participantRemoved));
        Assert.Throws<InvalidOperationException>(() => JsonDiff.Revert(changes, participantRemoved));
    }

    [Fact]
    public void Undo_of_an_added_participant_removes_it_by_id_even_after_later_inserts()
    {
        var revision2 = Revision1.With(record => record.Participants().Add(Records.Participant("p4", "Envoy")));
        var revision3 = revision2.With(record => record.Participants().Insert(0, Records.Participant("p0", "Interpreter")));
        var changes = JsonDiff.Changes(Revision1, revision2);

        Assert.Empty(JsonDiff.Conflicts(changes, revision3));
        JsonAssert.Equal(
            Revision1.With(record => record.Participants().Insert(0, Records.Participant("p0", "Interpreter"))),
            JsonDiff.Revert(changes, revision3));
    }

    [Fact]
    public void Undo_of_an_added_participant_conflicts_when_it_was_edited_later()
    {
        var revision2 = Revision1.With(record => record.Participants().Add(Records.Participant("p4", "Envoy")));
        var revision3 = revision2.With(record => record.Participants()[3]!["role"] = "Special Envoy");

        Assert.Equal(["/participants/p4"], JsonDiff.Conflicts(JsonDiff.Changes(Revision1, revision2), revision3));
    }

    [Fact]
    public void Undo_of_removed_participants_puts_them_back_at_their_old_positions()
    {
        var revision2 = Revision1.With(record =>
        {
            record.Participants().RemoveAt(2);
            record.Participants().RemoveAt(0);
        });
        var changes = JsonDiff.Changes(Revision1, revision2);

        Assert.Empty(JsonDiff.Conflicts(changes, revision2));
        JsonAssert.Equal(Revision1, JsonDiff.Revert(changes, revision2));
    }

    [Fact]
    public void Undo_of_a_removal_conflicts_when_the_item_is_back()
    {
        var revision2 = Revision1.With(record => record.Participants().RemoveAt(0));
        var revision3 = revision2.With(record => record.Participants().Add(Records.Participant("p1", "Chairman")));

        Assert.Equal(["/participants/p1"], JsonDiff.Conflicts(JsonDiff.Changes(Revision1, revision2), revision3));
    }

    [Fact]
    public void Undo_of_a_removed_member_restores_it_and_of_an_added_member_removes_it()
    {
        var revision2 = Revision1.With(record =>
        {
            record.Remove("tags");
            record["title"]!["ko"] = "북미정상회담";
        });
        var changes = JsonDiff.Changes(Revision1, revision2);

        Assert.Equal(["remove /tags", "add /title/ko"], changes.Select(change => $"{change.Op} {change.Path}"));
        JsonAssert.Equal(Revision1, JsonDiff.Revert(changes, revision2));
    }
}
