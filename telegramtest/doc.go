// Package telegramtest provides an in-process fake of the Telegram Bot API,
// in the style of net/http/httptest.
//
// NewServer starts an HTTP server on 127.0.0.1 that speaks the Bot API wire
// protocol (POST /bot<token>/<method> with multipart/form-data,
// application/json or application/x-www-form-urlencoded bodies) closely
// enough for github.com/go-telegram/bot and hand-written clients:
//
//   - every request is checked against the machine-readable Bot API
//     specification (required and unknown fields, nested objects such as
//     reply_markup, length limits such as 1-4096 characters of text or 1-64
//     bytes of callback_data, parse_mode markup); a violation is recorded,
//     reported through the Reporter (a *testing.T works) and answered with
//     a 400 like Telegram would;
//   - chats keep the messages the bot sent (with edits and deletions
//     applied) and the messages of simulated users, so tests can look at a
//     chat as a client would see it (Messages, Transcript) and wait for a
//     message to appear (WaitMessage); with WithHistory a chat also keeps
//     what happened in it, in order and with the time (History): every
//     send, edit and deletion, every user's message, button press and
//     the bot's answer to it;
//   - simulated users write text, reply and press inline buttons (SendText,
//     Reply, Press); their updates are served by getUpdates long polling or
//     pushed to a webhook;
//   - flood limits answer 429 with retry_after and count clients that retry
//     too early (Limits, Stats), and faults can be injected (FailChat,
//     FailNext, SetDelay, DropReplyNext).
//
// Implemented methods: getMe, getUpdates, setWebhook, deleteWebhook,
// getWebhookInfo, setMyCommands, deleteMyCommands, getMyCommands,
// sendMessage, sendDocument, sendPhoto, sendChatAction, editMessageText,
// editMessageCaption, editMessageReplyMarkup, deleteMessage, deleteMessages,
// answerCallbackQuery, getChat, logOut and close. Other methods of the
// specification that return True are validated and answered true; the rest
// are reported to the Reporter as not implemented.
//
// All state lives behind one mutex; waiting (long polling, WaitMessage,
// WaitIdle, webhook retries) uses channel notifications, never polling
// sleeps. Close stops every goroutine the server started.
//
// Limitations: lengths are counted in Unicode code points (utf8 rune count)
// where Telegram counts UTF-16 code units; Telegram's automatic entities
// (URLs, mentions, hashtags) are not detected in the bot's messages;
// inline messages (inline_message_id) and file downloads are not supported.
package telegramtest
