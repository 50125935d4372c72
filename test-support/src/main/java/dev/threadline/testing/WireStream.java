package dev.threadline.testing;

import java.util.List;

/** Renders one streamed model turn as the SSE text of one API. */
interface WireStream {

    String start();

    String textDelta(String token);

    String finishText(String fullText, FakeReply.TokenUsage usage);

    String toolCall(int index, FakeReply.ToolCall call);

    String finishToolCalls(List<FakeReply.ToolCall> calls, FakeReply.TokenUsage usage);

    /** Splits tool arguments into small pieces, as providers stream them. */
    static List<String> pieces(String text) {
        int size = Math.max(1, text.length() / 3);
        java.util.ArrayList<String> pieces = new java.util.ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            pieces.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return pieces;
    }
}
