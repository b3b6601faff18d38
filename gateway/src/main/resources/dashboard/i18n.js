// Labels in Chinese and English; the operator switches with one button, the choice is remembered.
const I18N = {
  zh: {
    title: 'HazardGate', subtitle: '重大危险源与尾矿库监测预警 · 一张屏', connecting: '连接中…', live: '实时',
    reconnecting: '重连中…', soundOn: '声音 开', soundOff: '声音 关', activeAlarms: '当前报警', noAlarms: '无报警',
    colColour: '等级', colTime: '时间', colPoint: '位号', colMessage: '内容', colState: '状态', sensors: '监测点',
    acknowledge: '确认', acknowledged: '已确认', cancel: '取消', ackTitle: '确认报警', operator: '值班员', password: '密码',
    comment: '备注', grade: '级', majorHazard: '重大危险源', tailingsDam: '尾矿库', alarms: '报警',
    normal: '正常', alarm: '报警', fault: '故障', no_data: '无数据', waiting: '等待数据', newRed: '新的红色报警',
    threshold: '超限', trend: '趋势',
    raised: '报警', escalated: '升级', deescalated: '降级', cleared: '消除', unit: '单位', period: '采集周期',
    limits: '报警限值', latest: '最新值', quality: '质量', good: '好', uncertain: '不确定', bad: '坏',
    green: '正常', blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色', grey: '无数据/故障',
    ackFailed: '确认失败', wrongCredentials: '值班员或密码错误', signedInAs: '值班员', signOut: '退出登录',
    signInAgain: '登录已失效，请重新输入密码', throttled: '失败次数过多，请稍后再试', selectSource: '点击左侧卡片查看监测点',
  },
  en: {
    title: 'HazardGate', subtitle: 'Major hazard sources and tailings dams · single screen', connecting: 'connecting…',
    live: 'live', reconnecting: 'reconnecting…', soundOn: 'Sound on', soundOff: 'Sound off', activeAlarms: 'Active alarms',
    noAlarms: 'No active alarms', colColour: 'Level', colTime: 'Time', colPoint: 'Point', colMessage: 'Message',
    colState: 'State', sensors: 'Monitoring points', acknowledge: 'Acknowledge', acknowledged: 'acknowledged',
    cancel: 'Cancel', ackTitle: 'Acknowledge alarm', operator: 'Operator', password: 'Password', comment: 'Comment',
    grade: 'Grade', majorHazard: 'Major hazard source', tailingsDam: 'Tailings dam', alarms: 'alarms', normal: 'normal',
    alarm: 'alarm', fault: 'fault', no_data: 'no data', waiting: 'waiting for data', newRed: 'New red alarm',
    threshold: 'threshold', trend: 'trend',
    raised: 'raised', escalated: 'escalated', deescalated: 'deescalated', cleared: 'cleared', unit: 'Unit',
    period: 'Period', limits: 'Limits', latest: 'Latest', quality: 'Quality', good: 'good', uncertain: 'uncertain',
    bad: 'bad', green: 'normal', blue: 'blue', yellow: 'yellow', orange: 'orange', red: 'red', grey: 'no data / fault',
    ackFailed: 'Acknowledgement failed', wrongCredentials: 'Wrong operator or password', signedInAs: 'Signed in as',
    signOut: 'Sign out', signInAgain: 'Signed out: enter the password again', throttled: 'Too many failed logins: try again later',
    selectSource: 'Click a card to see its monitoring points',
  },
};
const GRADE_ZH = ['', '一级', '二级', '三级', '四级'];
