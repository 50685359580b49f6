/** Entry of the page: boots the app shell. The app itself arrives with the UI issue. */
const boot = document.getElementById('boot')
if (boot !== null) boot.textContent = 'distsoc is starting…'
