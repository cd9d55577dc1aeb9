import type { enConversations } from './en-conversations';
import type { Strings } from './locale-shape';

/** 私信与提及（展开到 zh-CN.ts） */
export const zhCNConversations: Strings<typeof enConversations> = {
  direct: {
    title: '私信',
    new: '新建私信',
    dialogTitle: '新建私信',
    searchLabel: '查找用户',
    searchPlaceholder: '名字或用户名',
    loading: '正在加载用户…',
    noPeople: '还没有可以私信的人。与他人加入同一房间后，他们会出现在这里。',
    noMatches: '没有与“{{query}}”匹配的用户。',
    hint: '最多选择 {{count}} 人。',
    limitReached: '一个会话除你之外最多 {{count}} 人。',
    selected: '已选用户',
    remove: '移除 {{name}}',
    start: '打开会话',
    none: '还没有私信。',
    separator: '、',
    notifyTitle: '{{name}}（{{room}}）',
    message: '私信',
    messageUser: '私信 {{name}}',
    label: '与 {{names}} 的私信',
    online: '在线',
    offline: '离线',
    people: '{{count}} 人',
    beginning: '这是你与 {{names}} 的私信的开始。',
  },
  mentions: {
    listLabel: '可提及的成员',
    here: '通知此房间所有在线成员',
    all: '通知此房间所有成员',
    count: '{{count}} 条提及你的消息',
    notifyTitle: '{{name}} 在 #{{room}} 中提到了你',
    mentionsYou: '提到了你',
    hint: '↑ ↓ 选择，Enter 或 Tab 插入，Esc 关闭',
  },
};
